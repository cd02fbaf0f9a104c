package com.pipelines.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import com.pipelines.pipeline.StepFailedException;
import com.pipelines.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object stores through the real clients: the AWS SDK against s3rver (a real S3-compatible server, started
 * here), google-cloud-storage against google-cloud-nio's in-memory Cloud Storage. What is read back is compared
 * byte for byte: a store can accept a write and keep something else (see the chunked-encoding test).
 */
class ArtifactStorageTest {

    static S3Server s3;
    static Path s3Data;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws IOException {
        assumeTrue(S3Server.installed(), "s3rver is not installed (npm ci --prefix src/test/s3rver)");
        s3Data = Files.createTempDirectory("s3rver");
        s3 = S3Server.start(s3Data, "artifacts");
        System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
    }

    @AfterAll
    static void stopS3() throws IOException {
        if (s3 != null) {
            s3.close();
            ArtifactStore.deleteRecursively(s3Data);
        }
    }

    @Test
    void aFolderRoundTripsByteForByteThroughS3AndCloudStorage() throws IOException {
        for (String root : new String[]{"s3://artifacts/root", "gs://artifacts/root"}) {
            ArtifactStorage storage = storage(false);
            Path model = folder(dir.resolve(root.substring(0, 2)).resolve("model"));
            String uri = root + "/pipeline/run-1/train/model";
            assertThat(storage.put(model, uri)).isEqualTo(uri);

            Path copy = storage.fetch(uri + "/");
            assertThat(copy.getFileName().toString()).isEqualTo("model");
            assertSameTree(model, copy);
            assertThat(storage.fetch(uri)).as("unchanged: the same local copy").isEqualTo(copy);
            assertThat(storage.exists(uri)).isTrue();
            assertThat(storage.exists(root + "/pipeline/run-1/train/other")).isFalse();

            String before = storage.fingerprint(uri);
            Files.write(model.resolve("variables/variables.data-00000-of-00001"), bytes(5_000, 9));
            Files.delete(model.resolve("assets/vocab.txt"));
            storage.put(model, uri);
            assertThat(storage.fingerprint(uri)).as(root).isNotEqualTo(before);
            Path again = storage.fetch(uri);
            assertThat(again).isNotEqualTo(copy);
            assertSameTree(model, again);
        }
    }

    @Test
    void aSingleObjectRoundTripsAndAMissingOneIsAClearPermanentFailure() throws IOException {
        ArtifactStorage storage = storage(false);
        Path file = dir.resolve("metrics.json");
        Files.write(file, bytes(100_000, 3));
        storage.put(file, "s3://artifacts/root/p/r/t/metrics.json");
        assertThat(Files.readAllBytes(storage.fetch("s3://artifacts/root/p/r/t/metrics.json")))
                .isEqualTo(Files.readAllBytes(file));
        assertThatThrownBy(() -> storage.fetch("s3://artifacts/root/p/r/t/gone"))
                .isInstanceOf(StepFailedException.class).hasMessageContaining("does not exist in its bucket")
                .matches(e -> !((StepFailedException) e).retryable());
    }

    /** Why pipelines.storage.s3.chunked-encoding exists: s3rver stores aws-chunked framing as content, silently. */
    @Test
    void chunkedUploadsToAStoreThatDoesNotDecodeThemAreCorruptedSoTheSettingTurnsThemOff() throws IOException {
        Path file = dir.resolve("blob");
        Files.write(file, bytes(100_000, 4));
        storage(true).put(file, "s3://artifacts/chunked/blob");
        long stored = Files.size(storage(false).fetch("s3://artifacts/chunked/blob"));
        assertThat(stored).as("framing kept as content").isNotEqualTo(100_000L);
    }

    @Test
    void aLargeFileIsUploadedInPartsStreamedFromDiskAndRoundTripsByteForByte() throws IOException {
        org.springframework.util.unit.DataSize five = org.springframework.util.unit.DataSize.ofMegabytes(5);
        ArtifactStorage storage = TestStorage.objectStores(dir.resolve("multipart"), new StorageProperties.S3(
                s3.endpoint(), true, "us-east-1", false, five, five), GCS, org.springframework.util.unit.DataSize
                .ofGigabytes(1));
        Path big = dir.resolve("big.bin");
        Files.write(big, bytes(12 * 1024 * 1024 + 123, 77));
        storage.put(big, "s3://artifacts/multipart/big.bin");
        assertThat(s3.requests()).anyMatch(line -> line.toLowerCase().contains("uploadid")
                || line.toLowerCase().contains("multipart"));
        try (ArtifactStorage.LocalFile copy = storage.lease("s3://artifacts/multipart/big.bin")) {
            assertThat(Files.mismatch(big, copy.path())).isEqualTo(-1);
        }
    }

    @Test
    void aMissingObjectIsNotReportedAsAMissingBucket() {
        ArtifactStorage storage = storage(false);
        for (String uri : new String[]{"s3://artifacts/nothing/here", "gs://artifacts/nothing/here"}) {
            assertThatThrownBy(() -> storage.lease(uri)).isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("does not exist in its bucket").hasMessageNotContaining("Create it");
        }
        S3ObjectStore store = new S3ObjectStore(new StorageProperties.S3(s3.endpoint(), true, "us-east-1", false, null, null));
        assertThatThrownBy(() -> store.get(ObjectLocation.parse("s3://artifacts/nothing/here"), dir.resolve("x")))
                .hasMessageContaining("no such object").hasMessageNotContaining("bucket artifacts does not exist");
        GcsObjectStore gcs = new GcsObjectStore(new org.springframework.beans.factory.support
                .StaticListableBeanFactory(java.util.Map.of("storage", GCS)).getBeanProvider(
                com.google.cloud.storage.Storage.class));
        assertThatThrownBy(() -> gcs.get(ObjectLocation.parse("gs://artifacts/nothing/here"), dir.resolve("y")))
                .hasMessageContaining("no such object");
        assertThatThrownBy(() -> store.get(ObjectLocation.parse("s3://absent-bucket/x"), dir.resolve("z")))
                .hasMessageContaining("bucket absent-bucket does not exist");
    }

    @Test
    void localCopiesAreNeverDeletedWhileReadAndFitTheirByteBudget() {
        ArtifactStorage storage = TestStorage.objectStores(dir.resolve("budget"), s3.endpoint(), false, GCS,
                org.springframework.util.unit.DataSize.ofBytes(15_000));
        for (int i = 1; i <= 3; i++) {
            storage.putBytes(bytes(10_000, i), "s3://artifacts/budget/blob" + i);
        }
        ArtifactStorage.LocalFile first = storage.lease("s3://artifacts/budget/blob1");
        ArtifactStorage.LocalFile second = storage.lease("s3://artifacts/budget/blob2");
        assertThat(first.path()).as("over the budget, but both in use").exists();
        assertThat(second.path()).exists();
        second.close();
        assertThat(second.path()).as("released, least recently used of the unpinned").doesNotExist();
        assertThat(first.path()).as("still read").exists();
        Path third;
        try (ArtifactStorage.LocalFile lease = storage.lease("s3://artifacts/budget/blob3")) {
            third = lease.path();
            assertThat(third).exists();
            assertThat(first.path()).exists();
        }
        assertThat(third).doesNotExist();
        first.close();
        assertThat(storage.localCopyBytes()).isLessThanOrEqualTo(15_000);
        try (ArtifactStorage.LocalFile again = storage.lease("s3://artifacts/budget/blob1")) {
            assertThat(again.path()).as("kept while it fits: the same copy").isEqualTo(first.path()).exists();
        }
    }

    @Test
    void aMissingBucketDeniedAccessAndAnUnreachableStoreFailSayingWhatToCheck() {
        ArtifactStorage storage = storage(false);
        assertThatThrownBy(() -> storage.checkBucket("s3://no-such-bucket/root"))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("bucket no-such-bucket does not exist")
                .matches(e -> !((StepFailedException) e).retryable());

        System.setProperty("aws.accessKeyId", "WRONG");
        try {
            assertThatThrownBy(() -> storage(false).checkBucket("s3://artifacts/root"))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("S3 denied access to bucket artifacts")
                    .hasMessageContaining("permission problem, not the network")
                    .matches(e -> !((StepFailedException) e).retryable());
        } finally {
            System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
        }

        ArtifactStorage nowhere = TestStorage.objectStores(dir.resolve("copies"), "http://127.0.0.1:9", false, null);
        assertThatThrownBy(() -> nowhere.checkBucket("s3://artifacts/root"))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("Cannot reach S3")
                .hasMessageContaining("Check the network and pipelines.storage.s3.endpoint (http://127.0.0.1:9)")
                .matches(e -> ((StepFailedException) e).retryable());
    }

    @Test
    void aServerRootInABucketThatDoesNotExistStopsTheServiceNamingTheProperty() {
        assertThatThrownBy(() -> new PipelineRoots(TestStorage.properties(dir, "s3://no-such-bucket/root", List.of()),
                storage(false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("pipelines.pipeline-root=s3://no-such-bucket/root cannot be used: S3 bucket "
                        + "no-such-bucket does not exist");
        assertThat(new PipelineRoots(TestStorage.properties(dir, "s3://artifacts/root/", List.of()), storage(false))
                .serverDefault()).isEqualTo("s3://artifacts/root");
    }

    private ArtifactStorage storage(boolean chunked) {
        return TestStorage.objectStores(dir.resolve("copies-" + chunked), s3.endpoint(), chunked,
                GCS);
    }

    private static final com.google.cloud.storage.Storage GCS = LocalStorageHelper.getOptions().getService();

    private static Path folder(Path model) throws IOException {
        Files.createDirectories(model.resolve("variables"));
        Files.createDirectories(model.resolve("assets"));
        Files.write(model.resolve("saved_model.pb"), bytes(100_000, 1));
        Files.write(model.resolve("variables/variables.data-00000-of-00001"), bytes(1_300_000, 2));
        Files.write(model.resolve("variables/variables.index"), bytes(200, 5));
        Files.write(model.resolve("assets/vocab.txt"), bytes(0, 6));
        return model;
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        try (var files = Files.walk(expected)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = actual.resolve(expected.relativize(file).toString());
                assertThat(copy).exists();
                assertThat(Files.readAllBytes(copy)).as(copy.toString()).isEqualTo(Files.readAllBytes(file));
            }
        }
        try (var files = Files.walk(actual)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(count(expected));
        }
    }

    private static long count(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }
}
