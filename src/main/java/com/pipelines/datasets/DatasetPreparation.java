package com.pipelines.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * From parsed rows to the stored form: splits (the source's, else seeded and stratified by class), categorical
 * vocabularies from the train split only (a value seen only in validation or test becomes -1, unseen), the train
 * split's mean and standard deviation per number (what the model standardises with), and statistics per split.
 */
final class DatasetPreparation {

    record Result(DatasetStatistics.Prepared data, Map<String, DatasetStatistics> statistics) {
    }

    private DatasetPreparation() {
    }

    static Result prepare(ParsedData parsed, DatasetOptions options) {
        boolean presetValidation = false;
        boolean presetTest = false;
        for (byte preset : parsed.presetSplits()) {
            presetValidation |= preset == Split.VALIDATION.ordinal();
            presetTest |= preset == Split.TEST.ordinal();
        }
        double[] fractions = options.fractions(presetValidation, presetTest);
        byte[] splits = split(parsed.labels(), parsed.presetSplits(), parsed.classNames().size(),
                fractions[0], fractions[1], options.seed());
        if (parsed.rows() == 0 || count(splits, Split.TRAIN) == 0) {
            throw DatasetException.invalid("validationFraction", "No rows are left to train on");
        }
        DatasetSchema schema;
        float[] values = parsed.values();
        if (DatasetSchema.IMAGE.equals(parsed.kind())) {
            schema = new DatasetSchema(DatasetSchema.IMAGE, List.of(), parsed.image(), parsed.classNames(),
                    parsed.labelName());
        } else {
            values = values.clone();
            List<DatasetSchema.Feature> provisional = vocabularies(parsed, splits, values);
            schema = new DatasetSchema(DatasetSchema.TABULAR, provisional, null, parsed.classNames(),
                    parsed.labelName());
        }
        DatasetStatistics.Prepared data = new DatasetStatistics.Prepared(schema, parsed.pixels(), values,
                parsed.labels(), splits);
        double[][] ranges = ranges(data);
        Map<String, DatasetStatistics> statistics = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            statistics.put(split.id(), DatasetStatistics.of(data, split, ranges));
        }
        if (!schema.isImageKind()) {
            schema = withTrainMoments(schema, statistics.get(Split.TRAIN.id()));
            data = new DatasetStatistics.Prepared(schema, null, values, parsed.labels(), splits);
        }
        return new Result(data, statistics);
    }

    /** Categorical ids re-numbered into each column's train vocabulary (sorted); -1 for values train never saw. */
    private static List<DatasetSchema.Feature> vocabularies(ParsedData parsed, byte[] splits, float[] values) {
        int width = parsed.columns().size();
        List<DatasetSchema.Feature> features = new ArrayList<>();
        for (int f = 0; f < width; f++) {
            ParsedData.Column column = parsed.columns().get(f);
            if (!column.categorical()) {
                features.add(new DatasetSchema.Feature(column.name(), DatasetSchema.Feature.NUMERIC, null, null, null));
                continue;
            }
            boolean[] inTrain = new boolean[column.values().size()];
            for (int r = 0; r < splits.length; r++) {
                if (splits[r] == Split.TRAIN.ordinal()) {
                    inTrain[(int) values[r * width + f]] = true;
                }
            }
            TreeSet<String> vocabulary = new TreeSet<>();
            for (int id = 0; id < inTrain.length; id++) {
                if (inTrain[id]) {
                    vocabulary.add(column.values().get(id));
                }
            }
            List<String> sorted = List.copyOf(vocabulary);
            Map<String, Integer> index = new java.util.HashMap<>();
            for (int i = 0; i < sorted.size(); i++) {
                index.put(sorted.get(i), i);
            }
            int[] remap = new int[column.values().size()];
            for (int id = 0; id < remap.length; id++) {
                remap[id] = index.getOrDefault(column.values().get(id), -1);
            }
            for (int r = 0; r < splits.length; r++) {
                values[r * width + f] = remap[(int) values[r * width + f]];
            }
            features.add(new DatasetSchema.Feature(column.name(), DatasetSchema.Feature.CATEGORICAL, sorted, null,
                    null));
        }
        return features;
    }

    private static DatasetSchema withTrainMoments(DatasetSchema schema, DatasetStatistics train) {
        List<DatasetSchema.Feature> features = new ArrayList<>();
        for (int f = 0; f < schema.features().size(); f++) {
            DatasetSchema.Feature feature = schema.features().get(f);
            if (feature.categorical()) {
                features.add(feature);
                continue;
            }
            DatasetStatistics.FeatureStatistics stats = train.features().get(f);
            double mean = stats.mean() == null ? 0 : stats.mean();
            double std = stats.std() == null || stats.std() < 1e-12 ? 1 : stats.std();
            features.add(new DatasetSchema.Feature(feature.name(), feature.type(), null, mean, std));
        }
        return new DatasetSchema(schema.kind(), features, null, schema.classNames(), schema.label());
    }

    private static double[][] ranges(DatasetStatistics.Prepared data) {
        if (data.schema().isImageKind()) {
            return new double[0][];
        }
        int width = data.schema().width();
        double[][] ranges = new double[width][];
        for (int f = 0; f < width; f++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < data.labels().length; r++) {
                float v = data.values()[r * width + f];
                if (!Float.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            ranges[f] = min > max ? new double[] {0, 0} : new double[] {min, max};
        }
        return ranges;
    }

    /** Rows the source assigned keep their split; the rest are split per class, shuffled by {@code seed}. */
    static byte[] split(int[] labels, byte[] preset, int classes, double validation, double test, long seed) {
        byte[] splits = preset.clone();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int r = 0; r < labels.length; r++) {
            if (splits[r] < 0) {
                byClass.get(labels[r]).add(r);
            }
        }
        Random random = new Random(seed);
        for (List<Integer> rows : byClass) {
            java.util.Collections.shuffle(rows, random);
            int n = rows.size();
            int testCount = (int) Math.round(n * test);
            int validationCount = (int) Math.round(n * validation);
            if (testCount + validationCount >= n && n > 0) {
                int excess = testCount + validationCount - (n - 1);
                int fromValidation = Math.min(excess, validationCount);
                validationCount -= fromValidation;
                testCount -= excess - fromValidation;
            }
            for (int i = 0; i < n; i++) {
                Split split = i < testCount ? Split.TEST : i < testCount + validationCount ? Split.VALIDATION
                        : Split.TRAIN;
                splits[rows.get(i)] = (byte) split.ordinal();
            }
        }
        return splits;
    }

    private static int count(byte[] splits, Split split) {
        int n = 0;
        for (byte s : splits) {
            if (s == split.ordinal()) {
                n++;
            }
        }
        return n;
    }
}
