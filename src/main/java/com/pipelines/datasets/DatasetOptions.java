package com.pipelines.datasets;

import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * How to read and split a source. Unset values take their defaults in {@link #resolved()}; the resolved options
 * are part of a version's digest (the same bytes split another way are another version).
 *
 * @param format             {@code csv}, {@code images}, {@code idx} or {@code vertex-jsonl}
 * @param labelColumn        the CSV column holding the class (default: the last)
 * @param categoricalColumns CSV columns read as categories even when they hold numbers
 * @param validationFraction share of rows (stratified by class) for validation, when the source gives no splits
 * @param testFraction       share of rows for test, when the source gives no splits
 * @param seed               of the stratified split
 * @param imageSize          {@code HxW} or {@code N} (square): images are resized to it
 */
public record DatasetOptions(String format, String labelColumn, List<String> categoricalColumns,
                             Double validationFraction, Double testFraction, Long seed, String imageSize) {

    public static final List<String> FORMATS = List.of("csv", "images", "idx", "vertex-jsonl");

    public DatasetOptions {
        categoricalColumns = categoricalColumns == null ? List.of() : List.copyOf(categoricalColumns);
        format = format == null ? null : format.trim().toLowerCase(Locale.ROOT);
    }

    DatasetOptions withFormat(String value) {
        return new DatasetOptions(value, labelColumn, categoricalColumns, validationFraction, testFraction, seed,
                imageSize);
    }

    /** Defaults filled in and every value checked; a bad one is a 400 naming it. */
    DatasetOptions resolved() {
        if (format == null || !FORMATS.contains(format)) {
            throw DatasetException.invalid("format", "format must be one of " + FORMATS
                    + (format == null ? " (or sent as the upload's content type)" : ", not '" + format + "'"));
        }
        double validation = validationFraction != null ? validationFraction : format.equals("idx") ? 0.0 : 0.1;
        double test = testFraction != null ? testFraction : 0.2;
        if (!(validation >= 0 && validation < 1)) {
            throw DatasetException.invalid("validationFraction", "validationFraction must be in [0, 1)");
        }
        if (!(test >= 0 && test < 1) || validation + test >= 1) {
            throw DatasetException.invalid("testFraction", "testFraction must be in [0, 1) and leave rows to "
                    + "train on with validationFraction");
        }
        if (imageSize != null) {
            imageShape();
        }
        return new DatasetOptions(format, labelColumn, categoricalColumns, validation, test,
                seed == null ? 42L : seed, imageSize);
    }

    /** {@code [height, width]} from {@code imageSize}, or null. */
    int[] imageShape() {
        if (imageSize == null) {
            return null;
        }
        String[] parts = imageSize.toLowerCase(Locale.ROOT).split("x");
        try {
            int height = Integer.parseInt(parts[0].trim());
            int width = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : height;
            if (parts.length > 2 || height < 1 || width < 1 || height > 1024 || width > 1024) {
                throw new NumberFormatException();
            }
            return new int[] {height, width};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw DatasetException.invalid("imageSize", "imageSize must be HxW or N, each 1-1024, not '"
                    + imageSize + "'");
        }
    }

    /** A stable text of the resolved options, for the digest. */
    String canonical() {
        TreeMap<String, Object> all = new TreeMap<>();
        all.put("format", format);
        all.put("labelColumn", labelColumn);
        all.put("categoricalColumns", categoricalColumns);
        all.put("validationFraction", validationFraction);
        all.put("testFraction", testFraction);
        all.put("seed", seed);
        int[] shape = imageShape();
        all.put("imageSize", shape == null ? null : shape[0] + "x" + shape[1]);
        return all.toString();
    }
}
