package com.pipelines.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Vertex AI's image classification import file: one JSON object a line with {@code imageGcsUri},
 * {@code classificationAnnotation.displayName} and optionally
 * {@code dataItemResourceLabels["aiplatform.googleapis.com/ml_use"]} ({@code training|validation|test}). The images
 * are read from the store through {@code images} ({@code gs://}, {@code s3://}, or {@code file:} below an allowed
 * root). Rows without {@code ml_use} are split by the fractions.
 */
final class VertexImportReader {

    static final String ML_USE = "aiplatform.googleapis.com/ml_use";

    private final ImageFolderReader images;
    private final JsonMapper json;

    VertexImportReader(ImageFolderReader images, JsonMapper json) {
        this.images = images;
        this.json = json;
    }

    ParsedData read(Path file, DatasetOptions options, Function<String, byte[]> fetch) throws IOException {
        List<ImageFolderReader.Item> items = new ArrayList<>();
        List<Byte> splits = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode item;
                try {
                    item = json.readTree(line);
                } catch (JacksonException e) {
                    throw DatasetException.invalid("file", "Line " + lineNumber + " is not a JSON object: "
                            + e.getOriginalMessage());
                }
                String uri = text(item.path("imageGcsUri"));
                if (uri == null) {
                    throw DatasetException.invalid("file", "Line " + lineNumber + " has no imageGcsUri");
                }
                String label = text(item.path("classificationAnnotation").path("displayName"));
                if (label == null) {
                    throw DatasetException.invalid("file", "Line " + lineNumber + " has no "
                            + "classificationAnnotation.displayName");
                }
                String mlUse = text(item.path("dataItemResourceLabels").path(ML_USE));
                Split split = mlUse == null ? null : Split.ofMlUse(mlUse);
                if (mlUse != null && split == null) {
                    throw DatasetException.invalid("file", "Line " + lineNumber + ": ml_use '" + mlUse
                            + "' is not training, validation or test");
                }
                items.add(new ImageFolderReader.Item(uri, label, fetch));
                splits.add(split == null ? -1 : (byte) split.ordinal());
            }
        }
        if (items.isEmpty()) {
            throw DatasetException.invalid("file", "The import file has no lines");
        }
        byte[] preset = new byte[splits.size()];
        for (int i = 0; i < preset.length; i++) {
            preset[i] = splits.get(i);
        }
        return images.read(items, options, preset);
    }

    private static String text(JsonNode node) {
        return node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }
}
