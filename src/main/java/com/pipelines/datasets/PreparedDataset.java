package com.pipelines.datasets;

/**
 * A dataset version as training, evaluation and batch scoring read it: every row's raw values (pixels 0–255 for
 * images; numbers with NaN for missing and vocabulary indices for categoricals, for tables), its label (the index
 * of its class name) and its split. Rows keep the source's order within a split.
 */
public final class PreparedDataset {

    private final DatasetRef ref;
    private final DatasetSchema schema;
    private final byte[] pixels;
    private final float[] values;
    private final int[] labels;
    private final byte[] splits;

    PreparedDataset(DatasetRef ref, DatasetSchema schema, byte[] pixels, float[] values, int[] labels,
                    byte[] splits) {
        this.ref = ref;
        this.schema = schema;
        this.pixels = pixels;
        this.values = values;
        this.labels = labels;
        this.splits = splits;
    }

    /** The exact version: name, number and digest. */
    public DatasetRef ref() {
        return ref;
    }

    public DatasetSchema schema() {
        return schema;
    }

    public int rows() {
        return labels.length;
    }

    public int count(Split split) {
        int count = 0;
        for (byte s : splits) {
            if (s == split.ordinal()) {
                count++;
            }
        }
        return count;
    }

    /** The rows of one split, in source order, as contiguous arrays. */
    public Part part(Split split) {
        int width = schema.width();
        int n = count(split);
        int[] partLabels = new int[n];
        byte[] partPixels = schema.isImageKind() ? new byte[n * width] : null;
        float[] partValues = schema.isImageKind() ? null : new float[n * width];
        int next = 0;
        for (int row = 0; row < splits.length; row++) {
            if (splits[row] != split.ordinal()) {
                continue;
            }
            partLabels[next] = labels[row];
            if (partPixels != null) {
                System.arraycopy(pixels, row * width, partPixels, next * width, width);
            } else {
                System.arraycopy(values, row * width, partValues, next * width, width);
            }
            next++;
        }
        return new Part(schema, partPixels, partValues, partLabels);
    }

    long bytes() {
        return (pixels != null ? pixels.length : (long) values.length * 4) + labels.length * 4L + splits.length;
    }

    /** Rows of one split: exactly one of {@code pixels} and {@code values} is set. */
    public record Part(DatasetSchema schema, byte[] pixels, float[] values, int[] labels) {

        public int count() {
            return labels.length;
        }

        /** The first {@code limit} rows (a quick run on fewer examples). */
        public Part limit(int limit) {
            if (limit >= count()) {
                return this;
            }
            int width = schema.width();
            return new Part(schema, pixels == null ? null : java.util.Arrays.copyOf(pixels, limit * width),
                    values == null ? null : java.util.Arrays.copyOf(values, limit * width),
                    java.util.Arrays.copyOf(labels, limit));
        }

        /** Rows {@code from} (inclusive) to {@code to} (exclusive) as model input: pixels scaled to 0–1, or raw values. */
        public float[] inputs(int from, int to) {
            int width = schema.width();
            if (values != null) {
                return java.util.Arrays.copyOfRange(values, from * width, to * width);
            }
            float[] scaled = new float[(to - from) * width];
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = Byte.toUnsignedInt(pixels[from * width + i]) / 255f;
            }
            return scaled;
        }
    }
}
