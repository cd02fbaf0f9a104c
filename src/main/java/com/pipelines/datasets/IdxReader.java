package com.pipelines.datasets;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST's IDX image/label pairs (gzipped or not), from a folder or a zip: {@code train-images…} with
 * {@code train-labels…} are the train split, {@code t10k-…} (or {@code test-…}) the test split. Images may be any
 * height × width (magic 0x803, unsigned bytes); labels are 0–255 (magic 0x801), named by their number unless the
 * caller names them.
 */
final class IdxReader {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private final DatasetsProperties limits;

    IdxReader(DatasetsProperties limits) {
        this.limits = limits;
    }

    ParsedData read(Path source, List<String> classNames) throws IOException {
        if (Files.isDirectory(source)) {
            List<String> names;
            try (Stream<Path> list = Files.list(source)) {
                names = list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
            }
            return read(names, name -> {
                try {
                    return Files.readAllBytes(source.resolve(name));
                } catch (IOException e) {
                    throw DatasetException.invalid("file", name + " cannot be read: " + e.getMessage());
                }
            }, classNames);
        }
        try (SafeZip zip = SafeZip.open(source, limits)) {
            java.util.Map<String, SafeZip.Entry> byName = new java.util.HashMap<>();
            zip.files().forEach(entry -> byName.put(entry.name(), entry));
            return read(byName.keySet().stream().sorted().toList(), name -> zip.read(byName.get(name)), classNames);
        }
    }

    private ParsedData read(List<String> names, Function<String, byte[]> bytes, List<String> classNames)
            throws IOException {
        String trainImages = find(names, "train-images");
        String trainLabels = find(names, "train-labels");
        String testImages = findOptional(names, "t10k-images", "test-images");
        String testLabels = findOptional(names, "t10k-labels", "test-labels");
        if ((testImages == null) != (testLabels == null)) {
            throw DatasetException.invalid("file", "The IDX test split needs both its images and its labels file "
                    + "(t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz)");
        }
        Images train = images(trainImages, bytes.apply(trainImages));
        byte[] trainY = labels(trainLabels, bytes.apply(trainLabels), train.count(), trainImages);
        Images test = testImages == null ? null : images(testImages, bytes.apply(testImages));
        byte[] testY = testImages == null ? new byte[0] : labels(testLabels, bytes.apply(testLabels), test.count(),
                testImages);
        if (test != null && (test.rows() != train.rows() || test.cols() != train.cols())) {
            throw DatasetException.invalid("file", testImages + " holds " + test.rows() + "x" + test.cols()
                    + " images but " + trainImages + " holds " + train.rows() + "x" + train.cols());
        }
        int n = trainY.length + testY.length;
        byte[] pixels = new byte[n * train.rows() * train.cols()];
        System.arraycopy(train.pixels(), 0, pixels, 0, train.pixels().length);
        if (test != null) {
            System.arraycopy(test.pixels(), 0, pixels, train.pixels().length, test.pixels().length);
        }
        int[] labels = new int[n];
        byte[] splits = new byte[n];
        int maxLabel = 0;
        for (int i = 0; i < n; i++) {
            labels[i] = Byte.toUnsignedInt(i < trainY.length ? trainY[i] : testY[i - trainY.length]);
            maxLabel = Math.max(maxLabel, labels[i]);
            splits[i] = (byte) (i < trainY.length ? -1 : Split.TEST.ordinal());
        }
        List<String> names2 = classNames;
        if (names2 == null) {
            names2 = new ArrayList<>();
            for (int c = 0; c <= maxLabel; c++) {
                names2.add(Integer.toString(c));
            }
        } else if (maxLabel >= names2.size()) {
            throw DatasetException.invalid("file", "A label " + maxLabel + " has no class name (" + names2.size()
                    + " names given)");
        }
        if (names2.size() < 2) {
            throw DatasetException.invalid("file", "The IDX labels hold one class only; a classifier needs two");
        }
        return new ParsedData(DatasetSchema.IMAGE, List.of(), new DatasetSchema.ImageShape(train.rows(),
                train.cols(), 1), pixels, null, labels, List.copyOf(names2), splits, "label");
    }

    private static String find(List<String> names, String prefix) {
        String found = findOptional(names, prefix, prefix);
        if (found == null) {
            throw DatasetException.invalid("file", "No " + prefix + " file: an IDX dataset needs "
                    + "train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz), and may have t10k-… test files; "
                    + "found " + names);
        }
        return found;
    }

    private static String findOptional(List<String> names, String prefix, String alternative) {
        for (String name : names) {
            String file = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (file.startsWith(prefix) || file.startsWith(alternative)) {
                return name;
            }
        }
        return null;
    }

    private record Images(int count, int rows, int cols, byte[] pixels) {
    }

    private Images images(String name, byte[] content) throws IOException {
        try (DataInputStream in = open(name, content)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw DatasetException.invalid("file", name + ": bad magic number 0x" + Integer.toHexString(magic)
                        + " (an IDX image file of unsigned bytes starts with 0x00000803)");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count <= 0 || rows <= 0 || cols <= 0 || (long) rows * cols > limits.maxImagePixels()) {
                throw DatasetException.invalid("file", name + ": declares " + count + " images of " + rows + "x"
                        + cols);
            }
            long size = (long) count * rows * cols;
            if (size > (long) content.length * limits.maxCompressionRatio()) {
                throw DatasetException.invalid("file", name + ": declares " + size + " bytes in a file of "
                        + content.length + ", past pipelines.datasets.max-compression-ratio: refused as a "
                        + "decompression bomb");
            }
            return new Images(count, rows, cols, exactly(in, size, name));
        } catch (EOFException e) {
            throw DatasetException.invalid("file", name + ": truncated");
        }
    }

    private static byte[] labels(String name, byte[] content, int expected, String imagesName) throws IOException {
        try (DataInputStream in = open(name, content)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw DatasetException.invalid("file", name + ": bad magic number 0x" + Integer.toHexString(magic)
                        + " (an IDX label file starts with 0x00000801)");
            }
            int count = in.readInt();
            if (count != expected) {
                throw DatasetException.invalid("file", name + " has " + count + " labels but " + imagesName
                        + " has " + expected + " images");
            }
            return exactly(in, count, name);
        } catch (EOFException e) {
            throw DatasetException.invalid("file", name + ": truncated");
        }
    }

    private static DataInputStream open(String name, byte[] content) throws IOException {
        InputStream raw = new ByteArrayInputStream(content);
        boolean gzip = content.length > 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
        try {
            return new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw);
        } catch (IOException e) {
            throw DatasetException.invalid("file", name + ": not a readable gzip file (" + e.getMessage() + ")");
        }
    }

    private static byte[] exactly(DataInputStream in, long size, String name) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw DatasetException.invalid("file", name + ": declares " + size + " bytes, too large");
        }
        byte[] data = new byte[(int) size];
        try {
            in.readFully(data);
        } catch (EOFException e) {
            throw DatasetException.invalid("file", name + ": truncated, expected " + size + " bytes of data");
        } catch (java.util.zip.ZipException e) {
            throw DatasetException.invalid("file", name + ": corrupt gzip data (" + e.getMessage() + ")");
        }
        if (in.read() != -1) {
            throw DatasetException.invalid("file", name + ": longer than its header declares");
        }
        return data;
    }
}
