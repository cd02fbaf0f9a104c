package com.pipelines.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;

/**
 * What a SavedModel trained here takes and answers, kept beside it in {@code assets.extra/pipelines-input.json}
 * (TF Serving's place for extra files): the input and output names of {@code serving_default} and the dataset schema
 * (features, vocabularies, image shape, class names). A SavedModel without the file is the seed's MNIST model.
 */
public record ModelSignature(String input, String output, DatasetSchema schema) {

    public static final String FILE = "assets.extra/pipelines-input.json";

    public static ModelSignature mnistLike() {
        return new ModelSignature("images", "probabilities", DatasetSchema.mnistLike());
    }

    public void write(Path savedModel, JsonMapper json) throws IOException {
        Path file = savedModel.resolve(FILE);
        Files.createDirectories(file.getParent());
        json.writeValue(file.toFile(), this);
    }

    public static ModelSignature read(Path savedModel, JsonMapper json) {
        Path file = savedModel.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return mnistLike();
        }
        return json.readValue(file.toFile(), ModelSignature.class);
    }
}
