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
 * @param validationFraction share of the rows the source did not assign (stratified by class) for validation;
 *                           default 0.1, or 0 when the source has a validation split of its own (and for IDX)
 * @param testFraction       share of the unassigned rows for test; default 0.2, or 0 when the source has a test
 *                           split of its own (IDX test files, Vertex's ml_use)
 * @param seed               of the stratified split
 * @param imageSize          {@code HxW} or {@code N} (square): images are resized to it
 * @param splitColumn        a CSV column naming each row's split ({@code training|train}, {@code validation},
 *                           {@code test}; empty: by the fractions), as Vertex's predefined split; not a feature
 */
public record DatasetOptions(String format, String labelColumn, List<String> categoricalColumns,
                             Double validationFraction, Double testFraction, Long seed, String imageSize,
                             String splitColumn) {

    public DatasetOptions(String format, String labelColumn, List<String> categoricalColumns,
                          Double validationFraction, Double testFraction, Long seed, String imageSize) {
        this(format, labelColumn, categoricalColumns, validationFraction, testFraction, seed, imageSize, null);
    }

    public static final List<String> FORMATS = List.of("csv", "images", "idx", "vertex-jsonl");
    static final double DEFAULT_VALIDATION = 0.1;
    static final double DEFAULT_TEST = 0.2;

    public DatasetOptions {
        categoricalColumns = categoricalColumns == null ? List.of() : List.copyOf(categoricalColumns);
        format = format == null ? null : format.trim().toLowerCase(Locale.ROOT);
    }

    DatasetOptions withFormat(String value) {
        return new DatasetOptions(value, labelColumn, categoricalColumns, validationFraction, testFraction, seed,
                imageSize, splitColumn);
    }

    /**
     * Defaults filled in and every value checked; a bad one is a 400 naming it. Fractions left unset stay null: their
     * default depends on whether the source assigns splits itself ({@link #fractions}).
     */
    DatasetOptions resolved() {
        if (format == null || !FORMATS.contains(format)) {
            throw DatasetException.invalid("format", "format must be one of " + FORMATS
                    + (format == null ? " (or sent as the upload's content type)" : ", not '" + format + "'"));
        }
        Double validation = validationFraction != null ? validationFraction : format.equals("idx") ? 0.0 : null;
        Double test = testFraction;
        if (validation != null && !(validation >= 0 && validation < 1)) {
            throw DatasetException.invalid("validationFraction", "validationFraction must be in [0, 1)");
        }
        double checkedValidation = validation == null ? DEFAULT_VALIDATION : validation;
        double checkedTest = test == null ? DEFAULT_TEST : test;
        if (!(checkedTest >= 0 && checkedTest < 1) || checkedValidation + checkedTest >= 1) {
            throw DatasetException.invalid("testFraction", "testFraction must be in [0, 1) and leave rows to "
                    + "train on with validationFraction");
        }
        if (imageSize != null) {
            imageShape();
        }
        if (splitColumn != null && !format.equals("csv")) {
            throw DatasetException.invalid("splitColumn", "splitColumn is for CSV tables");
        }
        return new DatasetOptions(format, labelColumn, categoricalColumns, validation, test,
                seed == null ? 42L : seed, imageSize, splitColumn == null || splitColumn.isBlank() ? null : splitColumn);
    }

    /** The validation and test fractions for rows the source left unassigned, given what it did assign. */
    double[] fractions(boolean sourceHasValidation, boolean sourceHasTest) {
        double validation = validationFraction != null ? validationFraction
                : sourceHasValidation ? 0 : DEFAULT_VALIDATION;
        double test = testFraction != null ? testFraction : sourceHasTest ? 0 : DEFAULT_TEST;
        return new double[] {validation, test};
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
        all.put("splitColumn", splitColumn);
        return all.toString();
    }
}
