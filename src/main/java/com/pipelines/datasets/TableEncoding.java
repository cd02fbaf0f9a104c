package com.pipelines.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * What a model's first layer sees of a table row, from the schema: the numbers (in feature order) standardised with
 * the train split's mean and std (missing, NaN, becomes 0 — the mean), then each categorical one-hot over its train
 * vocabulary (an index outside it, unseen, is a zero vector). The training graph builds it as TensorFlow ops and
 * serving's Java pass computes it with {@link #encode}; both read the figures from here.
 */
public final class TableEncoding {

    private final int[] numeric;
    private final float[] means;
    private final float[] stds;
    private final int[] categorical;
    private final int[] depths;

    public TableEncoding(DatasetSchema schema) {
        List<Integer> numbers = new ArrayList<>();
        List<Integer> categories = new ArrayList<>();
        for (int f = 0; f < schema.features().size(); f++) {
            (schema.features().get(f).categorical() ? categories : numbers).add(f);
        }
        numeric = numbers.stream().mapToInt(Integer::intValue).toArray();
        categorical = categories.stream().mapToInt(Integer::intValue).toArray();
        means = new float[numeric.length];
        stds = new float[numeric.length];
        for (int i = 0; i < numeric.length; i++) {
            DatasetSchema.Feature feature = schema.features().get(numeric[i]);
            means[i] = feature.mean() == null ? 0f : feature.mean().floatValue();
            stds[i] = feature.std() == null || feature.std() == 0 ? 1f : feature.std().floatValue();
        }
        depths = new int[categorical.length];
        for (int i = 0; i < categorical.length; i++) {
            depths[i] = Math.max(1, schema.features().get(categorical[i]).vocabulary().size());
        }
    }

    /** The numeric features' positions in a row. */
    public int[] numeric() {
        return numeric.clone();
    }

    public float[] means() {
        return means.clone();
    }

    public float[] stds() {
        return stds.clone();
    }

    /** The categorical features' positions in a row. */
    public int[] categorical() {
        return categorical.clone();
    }

    /** The one-hot width of each categorical, in {@link #categorical()} order. */
    public int depth(int categoricalIndex) {
        return depths[categoricalIndex];
    }

    /** Width of the encoded row. */
    public int width() {
        int total = numeric.length;
        for (int depth : depths) {
            total += depth;
        }
        return total;
    }

    /** The row at {@code offset} of {@code rows} encoded into {@code target} (of {@link #width()} values). */
    public void encode(float[] rows, int offset, float[] target) {
        for (int i = 0; i < numeric.length; i++) {
            float v = rows[offset + numeric[i]];
            target[i] = Float.isNaN(v) ? 0f : (v - means[i]) / stds[i];
        }
        int at = numeric.length;
        for (int i = 0; i < categorical.length; i++) {
            java.util.Arrays.fill(target, at, at + depths[i], 0f);
            float v = rows[offset + categorical[i]];
            int index = Float.isNaN(v) ? -1 : (int) v;
            if (index >= 0 && index < depths[i]) {
                target[at + index] = 1f;
            }
            at += depths[i];
        }
    }
}
