package com.pipelines.training;

/**
 * An MNIST-shaped dataset held as raw bytes: images row-major 28×28 pixels 0–255, labels 0–9. Pixels are divided
 * by 255 inside the TensorFlow graph, as the seed does in NumPy.
 */
record MnistData(String name, byte[] trainImages, byte[] trainLabels, byte[] testImages, byte[] testLabels) {

    static final int ROWS = 28;
    static final int COLS = 28;
    static final int PIXELS = ROWS * COLS;
    static final int CLASSES = 10;

    int trainCount() {
        return trainLabels.length;
    }

    int testCount() {
        return testLabels.length;
    }

    /** The first {@code limit} training examples (the seed's run with fewer images). */
    MnistData limitTraining(int limit) {
        if (limit >= trainCount()) {
            return this;
        }
        byte[] images = java.util.Arrays.copyOf(trainImages, limit * PIXELS);
        byte[] labels = java.util.Arrays.copyOf(trainLabels, limit);
        return new MnistData(name, images, labels, testImages, testLabels);
    }
}
