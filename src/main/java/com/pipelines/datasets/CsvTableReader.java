package com.pipelines.datasets;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV table with a header (Apache Commons CSV, streamed: the text is never held whole). A column is
 * numeric when every non-empty cell of the first {@value #INFER_ROWS} rows is a number, unless it is named in
 * {@code categoricalColumns}; afterwards a non-numeric cell in a numeric column is refused naming its line and
 * column. Empty cells are missing. Labels are the label column's distinct values, sorted (numerically when they
 * are all numbers).
 */
final class CsvTableReader {

    static final int INFER_ROWS = 1000;
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();

    private final int maxClasses;

    CsvTableReader(int maxClasses) {
        this.maxClasses = maxClasses;
    }

    ParsedData read(Path file, DatasetOptions options) throws IOException {
        try (Reader reader = CsvFiles.open(file);
             CSVParser parser = FORMAT.parse(reader)) {
            List<String> header = parser.getHeaderNames();
            checkHeader(header);
            int splitIndex = -1;
            if (options.splitColumn() != null) {
                splitIndex = header.indexOf(options.splitColumn());
            }
            int labelIndex = labelIndex(header, options.labelColumn(), splitIndex);
            if (options.splitColumn() != null) {
                if (splitIndex < 0 || splitIndex == labelIndex) {
                    throw DatasetException.invalid("splitColumn", "splitColumn '" + options.splitColumn()
                            + "' is not a column of the header " + header + " (other than the label)");
                }
            }
            for (String name : options.categoricalColumns()) {
                if (!header.contains(name)) {
                    throw DatasetException.invalid("categoricalColumns", "categoricalColumns names '" + name
                            + "', which is not a column of the header " + header);
                }
            }
            Table table = new Table(header, labelIndex, splitIndex);
            List<CSVRecord> first = new ArrayList<>(INFER_ROWS);
            var records = parser.iterator();
            try {
                while (first.size() < INFER_ROWS && records.hasNext()) {
                    first.add(records.next());
                }
                table.inferKinds(first, Set.copyOf(options.categoricalColumns()));
                for (CSVRecord record : first) {
                    table.add(record);
                }
                while (records.hasNext()) {
                    table.add(records.next());
                }
            } catch (UncheckedIOException e) {
                throw DatasetException.invalid("file", "The CSV cannot be parsed after line "
                        + (parser.getCurrentLineNumber()) + ": " + e.getCause().getMessage());
            } catch (IllegalStateException e) {
                throw DatasetException.invalid("file", "The CSV cannot be parsed after line "
                        + (parser.getCurrentLineNumber()) + ": " + e.getMessage());
            }
            return table.finish(maxClasses);
        }
    }

    private static void checkHeader(List<String> header) {
        if (header.size() < 2) {
            throw DatasetException.invalid("file", "The CSV header must name at least one feature and the label "
                    + "column; found " + header);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name == null || name.isBlank()) {
                throw DatasetException.invalid("file", "Column " + (i + 1) + " of the CSV header has no name");
            }
            if (!seen.add(name)) {
                throw DatasetException.invalid("file", "The CSV header names column '" + name + "' twice");
            }
        }
    }

    /** The label column: named, or the last one that is not the split column. */
    private static int labelIndex(List<String> header, String labelColumn, int splitIndex) {
        if (labelColumn == null || labelColumn.isBlank()) {
            return splitIndex == header.size() - 1 ? header.size() - 2 : header.size() - 1;
        }
        int index = header.indexOf(labelColumn);
        if (index < 0) {
            throw DatasetException.invalid("labelColumn", "labelColumn '" + labelColumn
                    + "' is not a column of the header " + header);
        }
        return index;
    }

    /** The growing table: raw values row-major, categorical values interned per column. */
    private static final class Table {
        private final List<String> header;
        private final int labelIndex;
        private final int splitIndex;
        private final int width;
        private byte[] splits = new byte[64];
        private boolean[] categorical;
        private final List<Map<String, Integer>> interned = new ArrayList<>();
        private final Map<String, Integer> labelIds = new HashMap<>();
        private final List<String> labelValues = new ArrayList<>();
        private float[] values = new float[1024];
        private int[] labels = new int[64];
        private int rows;

        Table(List<String> header, int labelIndex, int splitIndex) {
            this.header = header;
            this.labelIndex = labelIndex;
            this.splitIndex = splitIndex;
            this.width = header.size() - (splitIndex < 0 ? 1 : 2);
        }

        private boolean feature(int column) {
            return column != labelIndex && column != splitIndex;
        }

        void inferKinds(List<CSVRecord> first, Set<String> forced) {
            categorical = new boolean[header.size()];
            for (int c = 0; c < header.size(); c++) {
                interned.add(new HashMap<>());
                if (!feature(c)) {
                    continue;
                }
                boolean numeric = !forced.contains(header.get(c));
                for (int r = 0; r < first.size() && numeric; r++) {
                    CSVRecord record = first.get(r);
                    String cell = c < record.size() ? record.get(c) : "";
                    numeric = cell.isEmpty() || parses(cell);
                }
                categorical[c] = !numeric;
            }
        }

        void add(CSVRecord record) {
            long line = record.getRecordNumber() + 1;
            if (record.size() != header.size()) {
                throw DatasetException.invalid("file", "Line " + line + " has " + record.size() + " fields; the "
                        + "header has " + header.size());
            }
            if (rows == labels.length) {
                labels = Arrays.copyOf(labels, rows * 2);
                splits = Arrays.copyOf(splits, rows * 2);
            }
            splits[rows] = -1;
            if (splitIndex >= 0) {
                String use = record.get(splitIndex);
                Split split = use.isEmpty() ? null : Split.ofMlUse(use);
                if (!use.isEmpty() && split == null) {
                    throw DatasetException.invalid("file", "Line " + line + ", column '" + header.get(splitIndex)
                            + "': '" + abbreviate(use) + "' is not training, validation or test");
                }
                splits[rows] = split == null ? -1 : (byte) split.ordinal();
            }
            if ((long) (rows + 1) * width > values.length) {
                long grown = Math.max((long) values.length * 2, (long) (rows + 1) * width);
                if (grown > Integer.MAX_VALUE - 8) {
                    throw DatasetException.invalid("file", "The CSV has more values than one dataset may hold ("
                            + rows + " rows of " + width + " features)");
                }
                values = Arrays.copyOf(values, (int) grown);
            }
            String label = record.get(labelIndex);
            if (label.isEmpty()) {
                throw DatasetException.invalid("file", "Line " + line + " has no label (column '"
                        + header.get(labelIndex) + "' is empty)");
            }
            labels[rows] = labelIds.computeIfAbsent(label, value -> {
                labelValues.add(value);
                return labelValues.size() - 1;
            });
            int offset = rows * width;
            for (int c = 0, f = 0; c < header.size(); c++) {
                if (!feature(c)) {
                    continue;
                }
                values[offset + f++] = value(record.get(c), c, line);
            }
            rows++;
        }

        private float value(String cell, int column, long line) {
            if (categorical[column]) {
                Map<String, Integer> ids = interned.get(column);
                Integer id = ids.get(cell);
                if (id == null) {
                    id = ids.size();
                    ids.put(cell, id);
                }
                return id;
            }
            if (cell.isEmpty()) {
                return Float.NaN;
            }
            try {
                float value = Float.parseFloat(cell);
                if (Float.isNaN(value) || Float.isInfinite(value)) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw DatasetException.invalid("file", "Line " + line + ", column '" + header.get(column)
                        + "': '" + abbreviate(cell) + "' is not a number, and the column's first rows were numbers "
                        + "(name it in categoricalColumns to read it as categories)");
            }
        }

        ParsedData finish(int maxClasses) {
            if (rows == 0) {
                throw DatasetException.invalid("file", "The CSV has a header but no rows");
            }
            if (labelValues.size() < 2) {
                throw DatasetException.invalid("labelColumn", "Column '" + header.get(labelIndex) + "' holds one "
                        + "class only (" + labelValues + "); a classifier needs at least two");
            }
            if (labelValues.size() > maxClasses) {
                throw DatasetException.invalid("labelColumn", "Column '" + header.get(labelIndex) + "' holds "
                        + labelValues.size() + " classes; at most " + maxClasses
                        + " are allowed (pipelines.datasets.max-classes) — is it the label?");
            }
            List<String> sorted = sortedLabels(labelValues);
            int[] remap = new int[labelValues.size()];
            for (int i = 0; i < remap.length; i++) {
                remap[i] = sorted.indexOf(labelValues.get(i));
            }
            int[] finalLabels = new int[rows];
            for (int i = 0; i < rows; i++) {
                finalLabels[i] = remap[labels[i]];
            }
            List<ParsedData.Column> columns = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                if (!feature(c)) {
                    continue;
                }
                List<String> inOrder = null;
                if (categorical[c]) {
                    String[] byId = new String[interned.get(c).size()];
                    interned.get(c).forEach((value, id) -> byId[id] = value);
                    inOrder = List.of(byId);
                }
                columns.add(new ParsedData.Column(header.get(c), categorical[c], inOrder));
            }
            return new ParsedData(DatasetSchema.TABULAR, columns, null, null, Arrays.copyOf(values, rows * width),
                    finalLabels, sorted, Arrays.copyOf(splits, rows), header.get(labelIndex));
        }
    }

    static List<String> sortedLabels(List<String> values) {
        List<String> sorted = new ArrayList<>(values);
        if (sorted.stream().allMatch(CsvTableReader::parses)) {
            sorted.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        } else {
            sorted.sort(null);
        }
        return sorted;
    }

    private static boolean parses(String cell) {
        try {
            double value = Double.parseDouble(cell);
            return !Double.isNaN(value) && !Double.isInfinite(value);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String abbreviate(String cell) {
        return cell.length() > 40 ? cell.substring(0, 40) + "…" : cell;
    }
}
