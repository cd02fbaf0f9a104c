package com.pipelines.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.pipelines.PipelinesProperties;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.io.TempDir;

/** Finding, downloading and checking datasets, against a local HTTP server that serves files this test makes. */
@ExtendWith(OutputCaptureExtension.class)
class DatasetRepositoryTest {

    @TempDir
    Path dataDir;

    HttpServer server;
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    final Map<DatasetFiles, String> sums = new ConcurrentHashMap<>();
    final MnistData data = SyntheticMnist.create(50, 20, 3);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mirror/", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.get(exchange.getRequestURI().getPath().replace("/mirror/", ""));
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        put(DatasetFiles.TRAIN_IMAGES, SyntheticMnist.imagesFile(data.trainImages()));
        put(DatasetFiles.TRAIN_LABELS, SyntheticMnist.labelsFile(data.trainLabels()));
        put(DatasetFiles.TEST_IMAGES, SyntheticMnist.imagesFile(data.testImages()));
        put(DatasetFiles.TEST_LABELS, SyntheticMnist.labelsFile(data.testLabels()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void put(DatasetFiles file, byte[] bytes) {
        served.put(file.fileName(), bytes);
        sums.put(file, sha256(bytes));
    }

    private DatasetRepository repository(String mirror, boolean download, List<Path> systemDirs) {
        TrainingProperties properties = new TrainingProperties(null, systemDirs, Map.of("mnist", URI.create(mirror)),
                download, Duration.ofSeconds(5), 10, 1, 1);
        PipelinesProperties pipelines = new PipelinesProperties(dataDir, null, null, "p", "us-central1", "img", 1, 3, Duration.ofSeconds(1), 1 << 20, 1 << 24, Duration.ofHours(24), 0, Duration.ofHours(24));
        return new DatasetRepository(properties, pipelines, (dataset, file) -> sums.get(file));
    }

    private String mirror() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror/";
    }

    @Test
    void downloadsVerifiesAndThenReadsFromTheDatasetsFolder() throws Exception {
        MnistData loaded = repository(mirror(), true, List.of()).load("mnist");
        assertThat(loaded.trainCount()).isEqualTo(50);
        assertThat(loaded.testLabels()).isEqualTo(data.testLabels());
        Path folder = dataDir.resolve("datasets/mnist");
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                    "t10k-labels-idx1-ubyte.gz");
        }
        assertThat(requests.get()).isEqualTo(4);
        repository(mirror(), true, List.of()).load("mnist");
        assertThat(requests.get()).as("second load reads the local copy").isEqualTo(4);
    }

    @Test
    void wrongChecksumFailsAndLeavesNoFileBehind() {
        sums.put(DatasetFiles.TRAIN_LABELS, "0".repeat(64));
        assertThatThrownBy(() -> repository(mirror(), true, List.of()).load("mnist"))
                .isInstanceOf(DatasetException.class).hasMessageContaining("wrong checksum");
        Path folder = dataDir.resolve("datasets/mnist");
        assertThat(folder.resolve("train-labels-idx1-ubyte.gz")).doesNotExist();
        assertThat(folder.toFile().list()).allMatch(name -> !name.endsWith(".part"));
    }

    @Test
    void offlineWithNoLocalCopySaysWhereItLookedAndWhatToDo() {
        Path system = dataDir.resolve("system");
        assertThatThrownBy(() -> repository("http://127.0.0.1:9/", true, List.of(system)).load("mnist"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("Dataset 'mnist' not found: looked in")
                .hasMessageContaining(dataDir.resolve("datasets/mnist").toString())
                .hasMessageContaining(system.resolve("mnist").toString())
                .hasMessageContaining("downloading from http://127.0.0.1:9/ failed")
                .hasMessageContaining("Provide the files train-images-idx3-ubyte.gz");
        assertThatThrownBy(() -> repository(mirror(), false, List.of()).load("mnist"))
                .hasMessageContaining("downloading is disabled");
    }

    @Test
    void systemFolderIsUsedWhenTheDatasetsFolderHasNothing() throws Exception {
        Path system = dataDir.resolve("system");
        SyntheticMnist.write(data, system.resolve("mnist"));
        assertThat(repository("http://127.0.0.1:9/", true, List.of(system)).load("mnist").trainCount()).isEqualTo(50);
        assertThat(requests.get()).isZero();
    }

    /** The cache key's view of the data: follows the files' content, canonical sums when it would download. */
    @Test
    void theDigestFollowsTheFilesAndNonCanonicalFilesAreSaidInTheLog(CapturedOutput output) throws Exception {
        DatasetRepository repository = repository(mirror(), true, List.of());
        assertThat(repository.digest("mnist")).startsWith("canonical:").contains(sums.get(DatasetFiles.TRAIN_IMAGES));
        Path folder = dataDir.resolve("datasets/mnist");
        SyntheticMnist.write(data, folder);
        String local = repository.digest("mnist");
        assertThat(local).startsWith("files:").isEqualTo(repository.digest("mnist"));
        assertThat(output.getOut()).doesNotContain("is not the canonical");

        SyntheticMnist.write(SyntheticMnist.create(50, 20, 4), folder);
        Files.setLastModifiedTime(folder.resolve(DatasetFiles.TRAIN_IMAGES.fileName()),
                FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(repository.digest("mnist")).isNotEqualTo(local);
        assertThat(output.getOut()).contains(folder.resolve(DatasetFiles.TRAIN_IMAGES.fileName())
                + " is not the canonical mnist file");
    }

    @Test
    void corruptFilesAreRefusedWithTheFileAndTheReason() throws Exception {
        Path folder = dataDir.resolve("datasets/mnist");
        SyntheticMnist.write(data, folder);
        Path labels = folder.resolve("train-labels-idx1-ubyte.gz");

        Files.write(labels, SyntheticMnist.gzip(2051, new int[] {50}, data.trainLabels()));
        assertRefused("bad magic number");

        byte[] whole = SyntheticMnist.labelsFile(data.trainLabels());
        Files.write(labels, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertRefused("truncated");

        Files.write(labels, SyntheticMnist.labelsFile(java.util.Arrays.copyOf(data.trainLabels(), 49)));
        assertRefused("has 50 images but 49 labels");

        Files.writeString(labels, "not gzip at all");
        assertRefused("not a gzip file");

        byte[] badLabel = data.trainLabels().clone();
        badLabel[3] = 12;
        Files.write(labels, SyntheticMnist.labelsFile(badLabel));
        assertRefused("is not a digit");
    }

    @Test
    void unknownDatasetIsRefused() {
        assertThatThrownBy(() -> repository(mirror(), true, List.of()).load("cifar"))
                .hasMessageContaining("Unknown dataset 'cifar'");
    }

    private void assertRefused(String reason) {
        assertThatThrownBy(() -> repository(mirror(), false, List.of()).load("mnist"))
                .isInstanceOf(DatasetException.class).hasMessageContaining(reason)
                .hasMessageContaining("train-labels-idx1-ubyte.gz");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
