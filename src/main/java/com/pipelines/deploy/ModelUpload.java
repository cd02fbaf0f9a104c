package com.pipelines.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

import com.pipelines.PipelinesProperties;
import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.datasets.AllowedFolders;
import com.pipelines.datasets.DatasetsProperties;
import com.pipelines.datasets.ModelSignature;
import org.springframework.stereotype.Component;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.SignatureDef;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code models:upload}: checks that a SavedModel trained elsewhere can be served here before it is registered — the
 * folder is readable (a {@code file:} path below the pipeline root or an allowed root, {@code s3://}, {@code gs://}),
 * it loads with tag {@code serve}, and its {@code serving_default} signature has the input and output its
 * {@code assets.extra/pipelines-input.json} names (without one: the seed's {@code images} → {@code probabilities}).
 */
@Component
class ModelUpload {

    private final ArtifactStorage storage;
    private final JsonMapper json;
    private final AllowedFolders folders;

    ModelUpload(ArtifactStorage storage, JsonMapper json, PipelinesProperties pipelines,
                DatasetsProperties datasets) {
        this.storage = storage;
        this.json = json;
        this.folders = AllowedFolders.forModelsAndBatches(pipelines, datasets);
    }

    /** Fails with a 400 on {@code model.artifactUri} saying what is wrong, or returns the model's signature. */
    ModelSignature check(String artifactUri) {
        if (artifactUri == null || artifactUri.isBlank()) {
            throw DeployException.invalidModel("model.artifactUri", "model.artifactUri is required");
        }
        if (ArtifactStorage.isObjectUri(artifactUri)) {
            if (!storage.exists(artifactUri)) {
                throw DeployException.invalidModel("model.artifactUri", artifactUri + " does not exist in its bucket");
            }
            try (ArtifactStorage.LocalFile copy = storage.lease(artifactUri)) {
                return check(copy.path(), artifactUri);
            }
        }
        return check(localPath(artifactUri), artifactUri);
    }

    private Path localPath(String uri) {
        try {
            return folders.resolve(uri);
        } catch (IllegalArgumentException e) {
            throw DeployException.invalidModel("model.artifactUri", "model.artifactUri " + uri + " " + e.getMessage());
        }
    }

    private ModelSignature check(Path dir, String uri) {
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw DeployException.invalidModel("model.artifactUri", uri + " is not a SavedModel folder (no "
                    + "saved_model.pb)");
        }
        ModelSignature expected;
        try {
            expected = ModelSignature.read(dir, json);
        } catch (RuntimeException e) {
            throw DeployException.invalidModel("model.artifactUri", uri + ": " + ModelSignature.FILE
                    + " is unreadable");
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
            SignatureDef signature = bundle.metaGraphDef().getSignatureDefMap().get("serving_default");
            if (signature == null) {
                throw DeployException.invalidModel("model.artifactUri", uri + " has no serving_default signature");
            }
            if (!signature.getInputsMap().containsKey(expected.input())
                    || !signature.getOutputsMap().containsKey(expected.output())) {
                throw DeployException.invalidModel("model.artifactUri", uri + ": serving_default takes "
                        + signature.getInputsMap().keySet() + " and answers " + signature.getOutputsMap().keySet()
                        + "; this service serves '" + expected.input() + "' -> '" + expected.output() + "' (describe "
                        + "another signature in " + ModelSignature.FILE + ")");
            }
            return expected;
        } catch (DeployException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DeployException.invalidModel("model.artifactUri", uri + " does not load as a SavedModel with tag "
                    + "'serve': " + e.getMessage());
        }
    }
}
