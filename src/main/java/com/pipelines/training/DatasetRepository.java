package com.pipelines.training;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.pipelines.PipelinesProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds a dataset's IDX files: in the datasets folder, then in the system folders (Debian's dataset packages),
 * then by downloading them from the configured mirror into the datasets folder (checksummed, atomic). Says where
 * it looked when all of that fails.
 */
@Component
class DatasetRepository {

    private static final Logger log = LoggerFactory.getLogger(DatasetRepository.class);

    private final Path datasetsDir;
    private final List<Path> systemDirs;
    private final TrainingProperties properties;
    private final DatasetDownloader downloader;

    private final Checksums checksums;
    private final FileDigests digests = new FileDigests();

    /** The expected SHA-256 of a dataset file; the canonical sums unless a test serves files of its own. */
    interface Checksums {
        String sha256(String dataset, DatasetFiles file);
    }

    @org.springframework.beans.factory.annotation.Autowired
    DatasetRepository(TrainingProperties properties, PipelinesProperties pipelines) {
        this(properties, pipelines, (dataset, file) -> file.sha256(dataset));
    }

    DatasetRepository(TrainingProperties properties, PipelinesProperties pipelines, Checksums checksums) {
        this.properties = properties;
        this.checksums = checksums;
        this.datasetsDir = (properties.datasetsDir() != null ? properties.datasetsDir()
                : pipelines.dataDir().resolve("datasets")).toAbsolutePath().normalize();
        this.systemDirs = properties.systemDatasets();
        this.downloader = new DatasetDownloader(properties.downloadTimeout());
    }

    /** The folder holding the dataset's four IDX files on this machine, or null (nothing is downloaded). */
    Path findLocal(String name) {
        try {
            return candidates(name).stream().filter(DatasetRepository::complete).findFirst().orElse(null);
        } catch (DatasetException unknown) {
            return null;
        }
    }

    /** The folder holding the dataset's four IDX files: found locally, or downloaded into the datasets folder. */
    Path locate(String name) throws DatasetException {
        List<Path> candidates = candidates(name);
        Optional<Path> found = candidates.stream().filter(DatasetRepository::complete).findFirst();
        if (found.isPresent()) {
            digest(name, found.get());
            return found.get();
        }
        Path target = datasetsDir.resolve(name);
        String missing = "Dataset '" + name + "' not found: looked in " + candidates;
        if (!properties.download() || !properties.mirrors().containsKey(name)) {
            throw new DatasetException(missing + " (downloading is disabled). " + howToProvide(name, target));
        }
        URI mirror = properties.mirrors().get(name);
        try {
            for (DatasetFiles file : DatasetFiles.values()) {
                Path path = target.resolve(file.fileName());
                if (!Files.exists(path)) {
                    log.info("Downloading {} from {}", file.fileName(), mirror);
                    downloader.download(mirror.resolve(file.fileName()), path, checksums.sha256(name, file));
                }
            }
        } catch (IOException e) {
            throw new DatasetException(missing + "; downloading from " + mirror + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ". "
                    + howToProvide(name, target), e);
        }
        return target;
    }

    /** The dataset's files as the seed reads them (tests and the benchmark compare against this). */
    MnistData load(String name) throws DatasetException {
        return read(name, locate(name));
    }

    /**
     * The content digest of the dataset a training would read now, for its cache key: over the four files found
     * locally (each hashed once per path, size and modification time), or the canonical sums when the files would
     * be downloaded (a download is checked against exactly those). Replacing the files changes the digest.
     */
    String digest(String name) throws DatasetException {
        Optional<Path> found = candidates(name).stream().filter(DatasetRepository::complete).findFirst();
        if (found.isPresent()) {
            return digest(name, found.get());
        }
        StringBuilder canonical = new StringBuilder("canonical");
        for (DatasetFiles file : DatasetFiles.values()) {
            canonical.append(':').append(checksums.sha256(name, file));
        }
        return canonical.toString();
    }

    /** Hashes the files (once per version) and says in the log when a file differs from the canonical one. */
    private String digest(String name, Path dir) throws DatasetException {
        StringBuilder combined = new StringBuilder("files");
        for (DatasetFiles file : DatasetFiles.values()) {
            Path path = dir.resolve(file.fileName());
            try {
                FileDigests.Digest digest = digests.of(path);
                String expected = checksums.sha256(name, file);
                if (digest.fresh() && expected != null && !expected.equalsIgnoreCase(digest.sha256())) {
                    log.warn("{} is not the canonical {} file (SHA-256 {}, canonical {}): trainings read it as it is "
                            + "and their cache keys follow its content", path, name, digest.sha256(), expected);
                }
                combined.append(':').append(digest.sha256());
            } catch (IOException e) {
                throw new DatasetException("Cannot read dataset '" + name + "' in " + dir + ": " + e.getMessage(), e);
            }
        }
        return combined.toString();
    }

    /** Where a dataset is looked for, in order: the datasets folder, then the system folders. */
    private List<Path> candidates(String name) throws DatasetException {
        if (!DatasetFiles.DATASETS.contains(name)) {
            throw new DatasetException("Unknown dataset '" + name + "'; known: " + DatasetFiles.DATASETS);
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(datasetsDir.resolve(name));
        systemDirs.forEach(dir -> candidates.add(dir.resolve(name)));
        return candidates;
    }

    private static boolean complete(Path dir) {
        return Arrays.stream(DatasetFiles.values()).allMatch(file -> Files.isRegularFile(dir.resolve(file.fileName())));
    }

    private static MnistData read(String name, Path dir) throws DatasetException {
        try {
            byte[] trainImages = IdxFiles.readImages(dir.resolve(DatasetFiles.TRAIN_IMAGES.fileName()));
            byte[] trainLabels = IdxFiles.readLabels(dir.resolve(DatasetFiles.TRAIN_LABELS.fileName()));
            byte[] testImages = IdxFiles.readImages(dir.resolve(DatasetFiles.TEST_IMAGES.fileName()));
            byte[] testLabels = IdxFiles.readLabels(dir.resolve(DatasetFiles.TEST_LABELS.fileName()));
            checkCounts(dir, "train", trainImages, trainLabels);
            checkCounts(dir, "t10k", testImages, testLabels);
            return new MnistData(name, trainImages, trainLabels, testImages, testLabels);
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetException("Cannot read dataset '" + name + "' in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void checkCounts(Path dir, String split, byte[] images, byte[] labels) throws DatasetException {
        int imageCount = images.length / MnistData.PIXELS;
        if (imageCount != labels.length) {
            throw new DatasetException(dir + ": " + split + " has " + imageCount + " images but " + labels.length
                    + " labels (" + split + "-images-idx3-ubyte.gz and " + split + "-labels-idx1-ubyte.gz must match)");
        }
    }

    private static String howToProvide(String name, Path target) {
        String hint = "Provide the files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in " + target
                + " (or set pipelines.training.datasets-dir)";
        return name.equals("fashion-mnist") ? hint + ", or install Debian's dataset-fashion-mnist package" : hint;
    }
}
