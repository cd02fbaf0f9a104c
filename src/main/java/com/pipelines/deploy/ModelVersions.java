package com.pipelines.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.PipelinesProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The registry's API side: finding a version by path, showing it, uploading, editing labels and aliases. */
@Service
class ModelVersions {

    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[a-z0-9_-]{0,63}");

    private final ModelRegistry registry;
    private final LocalEndpoints endpoints;
    private final ModelUpload upload;
    private final PipelinesProperties properties;
    private final JsonMapper json;

    ModelVersions(ModelRegistry registry, LocalEndpoints endpoints, ModelUpload upload, PipelinesProperties properties,
                  JsonMapper json) {
        this.registry = registry;
        this.endpoints = endpoints;
        this.upload = upload;
        this.properties = properties;
        this.json = json;
    }

    /** {@code model}: a version's id or the display name (this service's project and region); version: number or alias. */
    RegisteredModel find(String model, String version) {
        return registry.resolve(model + "@" + version, properties.project(), properties.region());
    }

    ModelRegistryController.ModelVersionView view(RegisteredModel version) {
        RegisteredModel current = endpoints.model(version.id());
        List<ModelRegistryController.Deployment> deployments = endpoints.deploymentsOf(current.id()).stream()
                .map(d -> new ModelRegistryController.Deployment(endpoints.endpoint(null, null, d.endpointId())
                        .resourceName(), d.id(), d.alias(), d.trafficPercentage())).toList();
        return new ModelRegistryController.ModelVersionView(current.id(), current.resourceName(),
                current.displayName(), Integer.toString(current.versionId()), registry.aliasesOf(current),
                current.description(), labels(current.labels()), current.artifactUri(), current.servingImage(),
                current.createTime(), lineage(current.lineage()), registry.evaluationsOf(current.id()), deployments);
    }

    ModelRegistryController.ModelVersionView upload(ModelRegistryController.UploadModelRequest request) {
        ModelRegistryController.UploadedModel model = request.model();
        String labels = checkedLabels(model.labels(), "model.labels");
        var signature = upload.check(model.artifactUri());
        String project = request.project() != null ? request.project() : properties.project();
        String region = request.region() != null ? request.region() : properties.region();
        String image = model.containerSpec() != null && model.containerSpec().imageUri() != null
                ? model.containerSpec().imageUri() : "us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-6:latest";
        RegisteredModel registered = endpoints.registerModel(project, region, model.displayName(),
                model.artifactUri(), image, null);
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("source", "upload");
        lineage.put("artifactUri", model.artifactUri());
        lineage.put("input", signature.schema().describeInput());
        lineage.put("classNames", signature.schema().classNames());
        endpoints.describe(registered.id(), model.description(), labels, json.writeValueAsString(lineage));
        return view(registered);
    }

    void merge(RegisteredModel version, List<String> aliases) {
        for (String alias : aliases) {
            if (alias.startsWith("-")) {
                registry.removeAlias(version, alias.substring(1));
            } else {
                registry.addAlias(version, alias);
            }
        }
    }

    void patch(RegisteredModel version, ModelRegistryController.PatchVersionRequest request) {
        RegisteredModel current = endpoints.model(version.id());
        String labels = request.labels() == null ? current.labels() : checkedLabels(request.labels(), "labels");
        String description = request.description() == null ? current.description() : request.description();
        registry.describe(current, description, labels);
    }

    /** Vertex's label rules: at most 64, keys and values of lower-case letters, digits, '_' and '-', ≤ 63 each. */
    private String checkedLabels(Map<String, String> labels, String field) {
        if (labels == null) {
            return null;
        }
        if (labels.size() > 64) {
            throw DeployException.invalidModel(field, field + ": at most 64 labels");
        }
        labels.forEach((key, value) -> {
            if (key == null || key.isEmpty() || !LABEL.matcher(key).matches() || value == null
                    || !LABEL.matcher(value).matches()) {
                throw DeployException.invalidModel(field, field + "." + key + ": keys and values are lower-case "
                        + "letters, digits, '_' and '-', at most 63 each (keys not empty)");
            }
        });
        return json.writeValueAsString(labels);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> labels(String text) {
        return text == null ? Map.of() : json.readValue(text, Map.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> lineage(String text) {
        return text == null ? Map.of() : json.readValue(text, Map.class);
    }
}
