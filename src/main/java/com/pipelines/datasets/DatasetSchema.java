package com.pipelines.datasets;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a model trained on a dataset version takes and answers: for a table, its features in order (numbers with
 * the train split's mean and standard deviation, categoricals with the train split's vocabulary); for images, the
 * height × width × channels; and the class names, a label's index being its position. Serialised into every
 * SavedModel trained on it ({@code assets.extra/pipelines-input.json}), so serving needs nothing else.
 */
public record DatasetSchema(String kind, List<Feature> features, ImageShape image, List<String> classNames,
                            String label) {

    public static final String TABULAR = "tabular";
    public static final String IMAGE = "image";

    public DatasetSchema {
        features = features == null ? List.of() : List.copyOf(features);
        classNames = List.copyOf(classNames);
    }

    /** One column of a table. {@code vocabulary} only for categoricals; {@code mean}/{@code std} only for numbers. */
    public record Feature(String name, String type, List<String> vocabulary, Double mean, Double std) {

        public static final String NUMERIC = "numeric";
        public static final String CATEGORICAL = "categorical";

        @JsonIgnore
        public boolean categorical() {
            return CATEGORICAL.equals(type);
        }

        /** The index of a category in the vocabulary, or -1 (unseen: a zero vector once one-hot encoded). */
        @JsonIgnore
        public int indexOf(String value) {
            return vocabulary == null ? -1 : vocabulary.indexOf(value);
        }
    }

    public record ImageShape(int height, int width, int channels) {

        @JsonIgnore
        public int pixels() {
            return height * width * channels;
        }

        @Override
        public String toString() {
            return height + "x" + width + "x" + channels;
        }
    }

    @JsonIgnore
    public boolean isImageKind() {
        return IMAGE.equals(kind);
    }

    /** Values per example as stored and as a model's input takes them: pixels, or one raw value per feature. */
    @JsonIgnore
    public int width() {
        return isImageKind() ? image.pixels() : features.size();
    }

    /**
     * The shape of a model's input for {@code batch} examples: {@code [batch, h, w]} for grayscale images (the seed's
     * {@code [-1, 28, 28]}), {@code [batch, h, w, c]} for colour, {@code [batch, features]} for tables.
     */
    public long[] inputShape(long batch) {
        if (!isImageKind()) {
            return new long[] {batch, features.size()};
        }
        return image.channels() == 1 ? new long[] {batch, image.height(), image.width()}
                : new long[] {batch, image.height(), image.width(), image.channels()};
    }

    @JsonIgnore
    public int classes() {
        return classNames.size();
    }

    /** Where the input shape is described to a user: {@code [28, 28]} pixels or {@code [20]} features. */
    @JsonIgnore
    public String describeInput() {
        if (isImageKind()) {
            return image.channels() == 1 ? "[" + image.height() + ", " + image.width() + "] pixels 0-1"
                    : "[" + image.height() + ", " + image.width() + ", " + image.channels() + "] pixels 0-1";
        }
        return features.size() + " features " + features.stream().map(Feature::name).toList();
    }

    /** The seed's MNIST-shaped model: 28×28 grayscale, ten classes named by digit (models saved before datasets). */
    public static DatasetSchema mnistLike() {
        return new DatasetSchema(IMAGE, List.of(), new ImageShape(28, 28, 1),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), "label");
    }
}
