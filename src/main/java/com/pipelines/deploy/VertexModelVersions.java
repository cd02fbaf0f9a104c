package com.pipelines.deploy;

import java.util.function.Consumer;

import com.google.cloud.aiplatform.v1.ListModelVersionsRequest;
import com.google.cloud.aiplatform.v1.ListModelsRequest;
import com.google.cloud.aiplatform.v1.MergeVersionAliasesRequest;
import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.aiplatform.v1.UploadModelRequest;

/**
 * Target {@code vertex} with a {@code modelAlias}: the model is uploaded as a new version of the Vertex model of the
 * same display name (Model Registry versioning, {@code parentModel}), and the alias is moved to it with
 * {@code mergeVersionAliases} — taken off the version that held it first, since an alias names one version. An
 * earlier attempt's version (labelled with the run) is reused, so a retried step neither uploads twice nor moves
 * the alias elsewhere.
 */
final class VertexModelVersions {

    private VertexModelVersions() {
    }

    record Version(String model, String versionId) {
    }

    static Version uploadUnderAlias(ModelServiceClient models, VertexCalls calls, VertexDeployRequest request,
                                    Consumer<String> log) {
        String alias = request.modelAlias();
        Model parent = null;
        for (Model model : calls.call("list models named " + request.displayName(), () -> models.listModels(
                ListModelsRequest.newBuilder().setParent(request.parent())
                        .setFilter("display_name=\"" + request.displayName() + "\"").build())).iterateAll()) {
            parent = model;
            break;
        }
        Version version = parent == null ? null : earlierAttempt(models, calls, parent.getName(), request);
        if (version != null) {
            log.accept("Model version already uploaded by an earlier attempt: " + version.model() + "@"
                    + version.versionId());
        } else {
            UploadModelRequest.Builder upload = UploadModelRequest.newBuilder().setParent(request.parent())
                    .setModel(request.model());
            if (parent != null) {
                upload.setParentModel(parent.getName());
            }
            var response = calls.await("upload model " + request.displayName(),
                    () -> models.uploadModelAsync(upload.build()));
            version = new Version(response.getModel(), response.getModelVersionId());
            log.accept("Model uploaded: " + version.model() + " version " + version.versionId()
                    + (parent == null ? " (a new model)" : " (a new version)"));
        }
        moveAlias(models, calls, version, alias, log);
        return version;
    }

    private static Version earlierAttempt(ModelServiceClient models, VertexCalls calls, String model,
                                          VertexDeployRequest request) {
        String filter = request.runLabelFilter();
        for (Model version : calls.call("list versions of " + model, () -> models.listModelVersions(
                ListModelVersionsRequest.newBuilder().setName(model).setFilter(filter).build())).iterateAll()) {
            return new Version(model, version.getVersionId());
        }
        return null;
    }

    private static void moveAlias(ModelServiceClient models, VertexCalls calls, Version target, String alias,
                                  Consumer<String> log) {
        for (Model version : calls.call("list versions of " + target.model(), () -> models.listModelVersions(
                ListModelVersionsRequest.newBuilder().setName(target.model()).build())).iterateAll()) {
            if (!version.getVersionId().equals(target.versionId()) && version.getVersionAliasesList().contains(alias)) {
                String name = target.model() + "@" + version.getVersionId();
                calls.call("remove alias " + alias + " from " + name, () -> models.mergeVersionAliases(
                        MergeVersionAliasesRequest.newBuilder().setName(name).addVersionAliases("-" + alias)
                                .build()));
                log.accept("Alias " + alias + " taken off version " + version.getVersionId());
            }
        }
        String name = target.model() + "@" + target.versionId();
        calls.call("set alias " + alias + " on " + name, () -> models.mergeVersionAliases(
                MergeVersionAliasesRequest.newBuilder().setName(name).addVersionAliases(alias).build()));
        log.accept("Alias " + alias + " now names version " + target.versionId() + " of " + target.model()
                + " on Vertex AI");
    }
}
