package com.pipelines.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real datasets some tests train on: Debian's packages, installed by .ci/run; tests skip without them. */
public final class TestDatasets {

    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private TestDatasets() {
    }

    public static void assumeFashionMnist() {
        assumeTrue(Files.isDirectory(FASHION_MNIST), "Debian package dataset-fashion-mnist is not installed");
    }
}
