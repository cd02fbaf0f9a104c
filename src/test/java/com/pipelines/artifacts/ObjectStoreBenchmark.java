package com.pipelines.artifacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;

import org.tensorflow.SavedModelBundle;

/**
 * bench/object-store.sh: what an object-store root costs a SavedModel against the local folder, side by side in one
 * run. Upload = what a step's completion does with its model (local root: move the staged folder into the task
 * folder; S3: upload it object by object); fetch = what a reader does before it can open the model (local: nothing;
 * S3: list, then download into the local copy); load = {@code SavedModelBundle.load} from there. Medians of N.
 * Arguments: the SavedModel folder, the S3 endpoint (s3rver on loopback, bucket "bench"), N.
 */
public final class ObjectStoreBenchmark {

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        String endpoint = args[1];
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path scratch = Files.createTempDirectory("object-store-bench");
        ArtifactStorage storage = TestStorage.objectStores(scratch.resolve("copies"), endpoint, false, null);
        long bytes;
        try (Stream<Path> files = Files.walk(model)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        double[] localUpload = new double[rounds];
        double[] s3Upload = new double[rounds];
        double[] s3Fetch = new double[rounds];
        double[] localLoad = new double[rounds];
        double[] s3Load = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            Path staged = copy(model, scratch.resolve("staged-" + i + "/.attempt-1/model"));
            long start = System.nanoTime();
            Path published = staged.getParent().getParent().resolve("model");
            Files.move(staged, published, StandardCopyOption.ATOMIC_MOVE);
            localUpload[i] = millis(start);

            String uri = "s3://bench/root/p/" + UUID.randomUUID() + "/train/model";
            start = System.nanoTime();
            storage.put(published, uri);
            s3Upload[i] = millis(start);

            start = System.nanoTime();
            Path fetched = storage.fetch(uri);
            s3Fetch[i] = millis(start);

            start = System.nanoTime();
            SavedModelBundle.load(published.toString(), "serve").close();
            localLoad[i] = millis(start);
            start = System.nanoTime();
            SavedModelBundle.load(fetched.toString(), "serve").close();
            s3Load[i] = millis(start);
        }
        System.out.printf("SavedModel: %.1f MB; %d rounds; medians (ms)%n", bytes / 1e6, rounds);
        System.out.printf("%-22s %10s %10s%n", "", "local", "s3 (s3rver)");
        System.out.printf("%-22s %10.2f %10.1f%n", "upload (publish)", median(localUpload), median(s3Upload));
        System.out.printf("%-22s %10.2f %10.1f%n", "fetch (local copy)", 0.0, median(s3Fetch));
        System.out.printf("%-22s %10.1f %10.1f%n", "SavedModelBundle.load", median(localLoad), median(s3Load));
        System.out.printf("%-22s %10.1f %10.1f%n", "upload+fetch+load", median(localUpload) + median(localLoad),
                median(s3Upload) + median(s3Fetch) + median(s3Load));
        ArtifactStore.deleteRecursively(scratch);
        storage.close();
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
