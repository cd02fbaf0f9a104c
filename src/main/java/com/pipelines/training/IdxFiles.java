package com.pipelines.training;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the gzipped IDX files MNIST and Fashion-MNIST ship as (magic 0x803 for images, 0x801 for labels, big-endian
 * sizes, then bytes), checking everything a corrupt or truncated file could get wrong.
 */
final class IdxFiles {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {
    }

    static byte[] readImages(Path file) throws IOException {
        return checked(file, () -> images(file));
    }

    static byte[] readLabels(Path file) throws IOException {
        return checked(file, () -> labels(file));
    }

    private interface Reader {
        byte[] read() throws IOException;
    }

    /** Whatever goes wrong inside a file is reported with the file's name: truncated, corrupt or inconsistent. */
    private static byte[] checked(Path file, Reader reader) throws IOException {
        try {
            return reader.read();
        } catch (DatasetException e) {
            throw e;
        } catch (EOFException e) {
            throw new DatasetException(file + ": truncated (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DatasetException(file + ": corrupt (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] images(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DatasetException(file + ": bad magic number 0x" + Integer.toHexString(magic)
                        + " (an IDX image file starts with 0x00000803)");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count <= 0 || rows != MnistData.ROWS || cols != MnistData.COLS) {
                throw new DatasetException(file + ": expected 28x28 images, found " + count + " images of "
                        + rows + "x" + cols);
            }
            return readExactly(in, (long) count * rows * cols, file);
        }
    }

    private static byte[] labels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DatasetException(file + ": bad magic number 0x" + Integer.toHexString(magic)
                        + " (an IDX label file starts with 0x00000801)");
            }
            int count = in.readInt();
            if (count <= 0) {
                throw new DatasetException(file + ": no labels");
            }
            byte[] labels = readExactly(in, count, file);
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= MnistData.CLASSES) {
                    throw new DatasetException(file + ": label " + labels[i] + " at " + i + " is not a digit 0-9");
                }
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
        } catch (IOException e) {
            raw.close();
            throw new DatasetException(file + ": not a gzip file (" + e.getMessage() + ")");
        }
    }

    private static byte[] readExactly(DataInputStream in, long size, Path file) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new DatasetException(file + ": declares " + size + " bytes, too large");
        }
        byte[] data = new byte[(int) size];
        try {
            in.readFully(data);
        } catch (EOFException e) {
            throw new DatasetException(file + ": truncated, expected " + size + " bytes of data");
        }
        if (in.read() != -1) {
            throw new DatasetException(file + ": longer than its header declares");
        }
        return data;
    }
}
