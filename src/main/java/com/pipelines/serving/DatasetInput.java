package com.pipelines.serving;

import java.util.NoSuchElementException;

import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.PreparedDataset;

/**
 * A registered dataset version's split as a batch job's instances, each row as {@code :predict} takes it: images as
 * flat arrays of 0–1 pixels, tables as objects keyed by feature name (numbers, category names, null for missing).
 */
final class DatasetInput implements BatchSource {

    private final PreparedDataset.Part part;
    private int next;

    DatasetInput(PreparedDataset.Part part) {
        this.part = part;
    }

    @Override
    public long count() {
        return part.count();
    }

    @Override
    public boolean hasNext() {
        return next < part.count();
    }

    @Override
    public byte[] next() {
        return line().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private String line() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DatasetSchema schema = part.schema();
        float[] row = part.inputs(next, next + 1);
        next++;
        StringBuilder line = new StringBuilder(row.length * 6);
        if (schema.isImageKind()) {
            line.append('[');
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : ",").append(row[i]);
            }
            return line.append(']').toString();
        }
        line.append('{');
        for (int f = 0; f < row.length; f++) {
            DatasetSchema.Feature feature = schema.features().get(f);
            line.append(f == 0 ? "" : ",").append('"').append(BatchInput.escape(feature.name())).append("\":");
            float value = row[f];
            if (feature.categorical()) {
                int index = (int) value;
                String name = index < 0 ? "(unseen in train)" : feature.vocabulary().get(index);
                line.append(name.isEmpty() ? "null" : "\"" + BatchInput.escape(name) + "\"");
            } else {
                line.append(Float.isNaN(value) ? "null" : Float.toString(value));
            }
        }
        return line.append('}').toString();
    }

    @Override
    public void close() {
    }
}
