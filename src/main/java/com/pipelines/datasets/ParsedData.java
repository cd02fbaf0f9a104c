package com.pipelines.datasets;

import java.util.List;

/**
 * A source as a parser read it, before splits and vocabularies: rows of pixels (n × h × w × c, 0–255) or of raw
 * values (n × f: numbers, NaN for missing, for categoricals the index of the value in the column's
 * {@code values}), labels as indices into {@code classNames}, and the split of rows whose source said
 * ({@code -1} where it did not).
 */
record ParsedData(String kind, List<Column> columns, DatasetSchema.ImageShape image, byte[] pixels, float[] values,
                  int[] labels, List<String> classNames, byte[] presetSplits, String labelName) {

    /** A table column: categoricals carry their values in order of first appearance. */
    record Column(String name, boolean categorical, List<String> values) {
    }

    int rows() {
        return labels.length;
    }
}
