package com.pipelines.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The training benchmark (bench/training.sh): trains on the full Fashion-MNIST from Debian's dataset-fashion-mnist
 * package, prints the training-loop wall time, test accuracy and peak RSS of each repetition, then the median.
 * Arguments: modelType [repetitions] [epochs] [unroll] [intraOpThreads].
 */
public final class TrainingBenchmark {

    public static void main(String[] args) throws Exception {
        ModelType model = ModelType.fromParameter(args.length > 0 ? args[0] : "linear");
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int unroll = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        int intra = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        long loadStart = System.nanoTime();
        MnistData data = fashionMnist();
        System.out.printf("data: %d train / %d test, read in %.2f s%n", data.trainCount(), data.testCount(),
                (System.nanoTime() - loadStart) / 1e9);
        List<Double> times = new ArrayList<>();
        for (int r = 1; r <= repetitions; r++) {
            MnistTraining.Legacy config = MnistTraining.config(model, epochs, 32, 0.001f, 42 + r, unroll, intra, 1);
            long start = System.nanoTime();
            TrainedModel trained = MnistTraining.train(data, config, new TrainingListener() {
                @Override
                public void onProgress(int epoch, int step, int stepsPerEpoch, double samplesPerSecond, double etaSeconds) {
                }

                @Override
                public void onEpochEnd(TrainedModel.EpochMetrics m) {
                int epoch = m.epoch();
                double loss = m.loss();
                double accuracy = m.accuracy();
                    System.out.printf("  epoch %d: loss %.4f acc %.4f%n", epoch, loss, accuracy);
                }

                @Override
                public boolean stopRequested() {
                    return false;
                }
            });
            double total = (System.nanoTime() - start) / 1e9;
            times.add(trained.trainSeconds());
            System.out.printf("%s run %d: training loop %.2f s (%.3f ms/step), whole train() %.2f s, "
                            + "test acc %.2f %%, test loss %.4f, peak RSS %d MB%n",
                    model.displayName(), r, trained.trainSeconds(),
                    trained.trainSeconds() * 1000 / (epochs * Math.ceil(data.trainCount() / 32.0)), total,
                    trained.testAccuracy() * 100, trained.testLoss(), peakRssMb());
        }
        Collections.sort(times);
        System.out.printf("%s median training loop over %d runs: %.2f s%n", model.displayName(), repetitions,
                times.get(times.size() / 2));
    }

    /** The full Fashion-MNIST of Debian's dataset-fashion-mnist package (or {@code -Ddataset.dir}). */
    static MnistData fashionMnist() throws java.io.IOException {
        Path dir = Path.of(System.getProperty("dataset.dir", "/usr/share/datasets/fashion-mnist"));
        return new MnistData("fashion-mnist",
                IdxFiles.readImages(dir.resolve("train-images-idx3-ubyte.gz")),
                IdxFiles.readLabels(dir.resolve("train-labels-idx1-ubyte.gz")),
                IdxFiles.readImages(dir.resolve("t10k-images-idx3-ubyte.gz")),
                IdxFiles.readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz")));
    }

    static long peakRssMb() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
