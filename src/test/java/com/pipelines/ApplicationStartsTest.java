package com.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

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
}
