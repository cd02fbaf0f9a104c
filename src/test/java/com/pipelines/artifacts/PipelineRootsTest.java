package com.pipelines.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which roots a run may name: below the server's root or an allowed one, in any of the three schemes. */
class PipelineRootsTest {

    @TempDir
    Path dir;

    @Test
    void aRunMayNameOnlyRootsBelowTheServersOrAnAllowedOne() {
        PipelineRoots roots = roots(dir.resolve("root").toString(), List.of("gs://ml-bucket", "s3://shared/team-a",
                dir.resolve("scratch").toString()));
        assertThat(roots.normalize("gs://ml-bucket/e2e/")).isEqualTo("gs://ml-bucket/e2e");
        assertThat(roots.normalize("s3://shared/team-a/x")).isEqualTo("s3://shared/team-a/x");
        assertThat(roots.normalize(dir.resolve("scratch/a").toString())).isEqualTo(dir.resolve("scratch/a").toString());
        assertThat(roots.normalize(null)).isEqualTo(dir.resolve("root").toString());
        for (String refused : List.of("s3://shared/team-b", "s3://shared/team-ab", "gs://other/x", "s3://x",
                "gs://Bad_Bucket!/x", "gs://ml-bucket/a/../../other", "ftp://host/x", "/etc", "relative/path")) {
            assertThatThrownBy(() -> roots.normalize(refused)).as(refused).isInstanceOf(ArtifactException.class);
        }
    }

    @Test
    void aRootTheServiceCannotUseStopsItNamingTheProperty() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        for (String[] bad : new String[][]{
                {"s3:bars-bucket/root", "unknown scheme 's3:'"},
                {"ftp://host/root", "unknown scheme 'ftp:'"},
                {"gs://Bad_Bucket/root", "not a valid bucket name"},
                {dir.resolve("a-file/root").toString(), "the folder cannot be created"}}) {
            assertThatThrownBy(() -> roots(bad[0], List.of())).as(bad[0]).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("pipelines.pipeline-root=" + bad[0] + " cannot be used: ")
                    .hasMessageContaining(bad[1]);
        }
    }

    private PipelineRoots roots(String root, List<String> allowed) {
        return new PipelineRoots(TestStorage.properties(dir, root, allowed), TestStorage.local(dir));
    }
}
