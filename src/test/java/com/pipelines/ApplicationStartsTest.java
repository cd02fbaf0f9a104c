package com.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application as a user starts it: production configuration only (no test configuration file may hide a
 * binding that fails), on an H2 file in a fresh data directory.
 */
class ApplicationStartsTest {

    @Test
    void startsWithItsOwnConfiguration(@TempDir Path dataDir) {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PipelinesApplication.class)
                .run("--server.port=0", "--spring.config.location=classpath:/application.properties",
                        "--pipelines.data-dir=" + dataDir, "--spring.datasource.url=jdbc:h2:file:" + dataDir + "/db")) {
            assertThat(app.isRunning()).isTrue();
            assertThat(app.getBean(PipelinesProperties.class).resolvedPipelineRoot())
                    .isEqualTo(dataDir.resolve("pipeline_root").toAbsolutePath());
        }
    }

    /**
     * Before, {@code s3:} (or any unknown scheme) became a servlet resource below Tomcat's temporary docbase and every
     * artifact was written there, silently. Now the service does not start, and says why.
     */
    @Test
    void aPipelineRootItCannotUseStopsItAtStartupNamingTheProperty(@TempDir Path dataDir) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(PipelinesApplication.class)
                .run("--server.port=0", "--spring.config.location=classpath:/application.properties",
                        "--pipelines.data-dir=" + dataDir, "--spring.datasource.url=jdbc:h2:file:" + dataDir + "/db",
                        "--pipelines.pipeline-root=s3:bars-bucket/root").close())
                .hasStackTraceContaining("pipelines.pipeline-root=s3:bars-bucket/root cannot be used: unknown "
                        + "scheme 's3:'. Use a local folder, s3://bucket/prefix or gs://bucket/prefix.");
        assertThat(dataDir.resolve("pipeline_root")).doesNotExist();
    }
}
