package com.pipelines.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistics of one split: class counts; per numeric feature count, missing, mean, std, min, max and a 20-bin
 * histogram over the whole dataset's range (so splits compare bin by bin); per categorical feature the value counts
 * (the 50 most frequent, the rest summed as {@code (other)}); for images the pixel mean and std per channel (0–255).
 */
record DatasetStatistics(int rows, Map<String, Long> classCounts, List<FeatureStatistics> features,
                         List<ChannelStatistics> channels) {

    static final int BINS = 20;
    static final int TOP_VALUES = 50;

    record FeatureStatistics(String name, String type, long count, long missing, Double mean, Double std,
                             Double min, Double max, Histogram histogram, Map<String, Long> valueCounts) {
    }

    record Histogram(double min, double max, long[] counts) {
    }

    record ChannelStatistics(int channel, double mean, double std) {
    }

    /** Statistics of the rows of {@code split}; {@code ranges} holds each numeric feature's [min, max] overall. */
    static DatasetStatistics of(Prepared data, Split split, double[][] ranges) {
        DatasetSchema schema = data.schema();
        long[] perClass = new long[schema.classes()];
        int rows = 0;
        for (int r = 0; r < data.labels().length; r++) {
            if (data.splits()[r] == split.ordinal()) {
                perClass[data.labels()[r]]++;
                rows++;
            }
        }
        Map<String, Long> classCounts = new LinkedHashMap<>();
        for (int c = 0; c < perClass.length; c++) {
            classCounts.put(schema.classNames().get(c), perClass[c]);
        }
        if (schema.isImageKind()) {
            return new DatasetStatistics(rows, classCounts, List.of(), channels(data, split));
        }
        List<FeatureStatistics> features = new ArrayList<>();
        for (int f = 0; f < schema.features().size(); f++) {
            features.add(feature(data, split, f, ranges[f]));
        }
        return new DatasetStatistics(rows, classCounts, features, List.of());
    }

    private static FeatureStatistics feature(Prepared data, Split split, int f, double[] range) {
        DatasetSchema.Feature feature = data.schema().features().get(f);
        int width = data.schema().width();
        float[] values = data.values();
        byte[] splits = data.splits();
        if (feature.categorical()) {
            List<String> vocabulary = feature.vocabulary();
            long[] counts = new long[vocabulary.size() + 1];
            long missing = 0;
            long count = 0;
            int missingIndex = vocabulary.indexOf("");
            for (int r = 0; r < splits.length; r++) {
                if (splits[r] != split.ordinal()) {
                    continue;
                }
                int index = (int) values[r * width + f];
                counts[index < 0 ? vocabulary.size() : index]++;
                if (index == missingIndex && missingIndex >= 0) {
                    missing++;
                } else {
                    count++;
                }
            }
            return new FeatureStatistics(feature.name(), feature.type(), count, missing, null, null, null, null, null,
                    valueCounts(vocabulary, counts));
        }
        long count = 0;
        long missing = 0;
        double sum = 0;
        double sumSquares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long[] bins = new long[BINS];
        double width2 = range[1] - range[0];
        for (int r = 0; r < splits.length; r++) {
            if (splits[r] != split.ordinal()) {
                continue;
            }
            float value = values[r * width + f];
            if (Float.isNaN(value)) {
                missing++;
                continue;
            }
            count++;
            sum += value;
            sumSquares += (double) value * value;
            min = Math.min(min, value);
            max = Math.max(max, value);
            int bin = width2 <= 0 ? 0 : (int) Math.min(BINS - 1, Math.floor((value - range[0]) / width2 * BINS));
            bins[Math.max(bin, 0)]++;
        }
        Double mean = count == 0 ? null : sum / count;
        Double std = count == 0 ? null : Math.sqrt(Math.max(0, sumSquares / count - (sum / count) * (sum / count)));
        return new FeatureStatistics(feature.name(), feature.type(), count, missing, mean, std,
                count == 0 ? null : min, count == 0 ? null : max, new Histogram(range[0], range[1], bins), null);
    }

    private static Map<String, Long> valueCounts(List<String> vocabulary, long[] counts) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i <= vocabulary.size(); i++) {
            if (counts[i] > 0) {
                order.add(i);
            }
        }
        order.sort((a, b) -> Long.compare(counts[b], counts[a]));
        Map<String, Long> top = new LinkedHashMap<>();
        long other = 0;
        for (int i : order) {
            String name = i == vocabulary.size() ? "(unseen in train)" : vocabulary.get(i).isEmpty() ? "(missing)"
                    : vocabulary.get(i);
            if (top.size() < TOP_VALUES) {
                top.put(name, counts[i]);
            } else {
                other += counts[i];
            }
        }
        if (other > 0) {
            top.put("(other)", other);
        }
        return top;
    }

    private static List<ChannelStatistics> channels(Prepared data, Split split) {
        int channels = data.schema().image().channels();
        int width = data.schema().width();
        double[] sum = new double[channels];
        double[] squares = new double[channels];
        long[] n = new long[channels];
        byte[] pixels = data.pixels();
        for (int r = 0; r < data.splits().length; r++) {
            if (data.splits()[r] != split.ordinal()) {
                continue;
            }
            int offset = r * width;
            for (int c = 0; c < channels; c++) {
                long s = 0;
                long q = 0;
                for (int i = offset + c; i < offset + width; i += channels) {
                    int v = pixels[i] & 0xff;
                    s += v;
                    q += v * v;
                }
                sum[c] += s;
                squares[c] += q;
                n[c] += width / channels;
            }
        }
        List<ChannelStatistics> result = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            double mean = n[c] == 0 ? 0 : sum[c] / n[c];
            double std = n[c] == 0 ? 0 : Math.sqrt(Math.max(0, squares[c] / n[c] - mean * mean));
            result.add(new ChannelStatistics(c, mean, std));
        }
        return result;
    }

    /** The prepared rows statistics are computed over. */
    record Prepared(DatasetSchema schema, byte[] pixels, float[] values, int[] labels, byte[] splits) {
    }
}
