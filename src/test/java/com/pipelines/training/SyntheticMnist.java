package com.pipelines.training;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A small learnable MNIST-shaped dataset made by the test: class k lights a 7×7 block at a position of its own,
 * with noise. Written as real gzipped IDX files.
 */
public final class SyntheticMnist {

    private SyntheticMnist() {
    }

    /** Writes a dataset of this kind as the four IDX files into {@code dir}. */
    public static void writeDataset(Path dir, int train, int test, long seed) throws IOException {
        write(create(train, test, seed), dir);
    }

    static MnistData create(int train, int test, long seed) {
        Random random = new Random(seed);
        byte[] trainLabels = labels(train, random);
        byte[] testLabels = labels(test, random);
        return new MnistData("synthetic", images(trainLabels, random), trainLabels, images(testLabels, random),
                testLabels);
    }

    static void write(MnistData data, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), imagesFile(data.trainImages()));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), labelsFile(data.trainLabels()));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), imagesFile(data.testImages()));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), labelsFile(data.testLabels()));
    }

    static byte[] imagesFile(byte[] pixels) throws IOException {
        return gzip(2051, new int[] {pixels.length / 784, 28, 28}, pixels);
    }

    static byte[] labelsFile(byte[] labels) throws IOException {
        return gzip(2049, new int[] {labels.length}, labels);
    }

    static byte[] gzip(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(magic);
            for (int dim : dims) {
                out.writeInt(dim);
            }
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int count, Random random) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(10);
        }
        return labels;
    }

    private static byte[] images(byte[] labels, Random random) {
        byte[] pixels = new byte[labels.length * 784];
        for (int i = 0; i < labels.length; i++) {
            int row0 = (labels[i] / 4) * 9 + 1;
            int col0 = (labels[i] % 4) * 7;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                int col = p % 28;
                boolean lit = row >= row0 && row < row0 + 7 && col >= col0 && col < col0 + 7;
                int value = lit ? 150 + random.nextInt(106) : random.nextInt(60);
                pixels[i * 784 + p] = (byte) value;
            }
        }
        return pixels;
    }
}
