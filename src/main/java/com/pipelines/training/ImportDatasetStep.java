package com.pipelines.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.datasets.DatasetRef;
import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.Datasets;
import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.ParameterSpec;
import com.pipelines.pipeline.ParameterType;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.pipeline.StepContext;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Component {@code import-dataset}, this service's {@code dsl.importer} for datasets: resolves {@code dataset}
 * ({@code name} = the latest version, or {@code name@version}) to the exact registered version and answers it as a
 * {@code system.Dataset} artifact (its stored rows, with name, version, digest, kind and classes as metadata) and as
 * the output parameter {@code reference} ({@code name@version}), which a training or evaluation task takes as its
 * {@code dataset}: the whole run then reads one pinned version, and the lineage shows it.
 */
@Component
class ImportDatasetStep implements PipelineStep {

    static final String NAME = "import-dataset";

    private final TrainingData training;
    private final ObjectProvider<Datasets> registry;

    ImportDatasetStep(TrainingData training, ObjectProvider<Datasets> registry) {
        this.training = training;
        this.registry = registry;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Pins a registered dataset version: a system.Dataset artifact and its exact name@version for "
                + "training and evaluation tasks";
    }

    @Override
    public List<ParameterSpec> parameterSpecs() {
        return List.of(ParameterSpec.text("dataset", "A registered dataset: name (its latest version) or "
                + "name@version; mnist and fashion-mnist are built in", "mnist", EvaluateModelStep.DATASET_PATTERN));
    }

    @Override
    public List<ArtifactSpec> outputs() {
        return List.of(new ArtifactSpec("dataset", "system.Dataset"));
    }

    @Override
    public Map<String, ParameterType> outputParameters() {
        return Map.of("reference", ParameterType.STRING, "digest", ParameterType.STRING);
    }

    /** Never cached: "the latest version" must be looked up each time. */
    @Override
    public boolean cacheable() {
        return false;
    }

    @Override
    public void execute(StepContext context) throws Exception {
        if (context.standalone()) {
            throw StepFailedException.permanent("import-dataset needs the service's dataset registry; run it in the "
                    + "service (executor in-process)");
        }
        String reference = context.stringParameter("dataset");
        DatasetRef ref;
        try {
            ref = training.resolve(reference == null ? "mnist" : reference);
        } catch (DatasetException | com.pipelines.datasets.DatasetException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        }
        Datasets datasets = registry.getObject();
        datasets.recordUsage(ref, context.runId(), context.taskName());
        DatasetSchema schema = datasets.schema(ref);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", ref.name());
        metadata.put("version", ref.version());
        metadata.put("digest", ref.digest());
        metadata.put("kind", schema.kind());
        metadata.put("classNames", schema.classNames());
        metadata.put("input", schema.describeInput());
        context.recordArtifact("dataset", "system.Dataset", datasets.storageUri(ref), metadata);
        context.outputParameter("reference", ref.toString());
        context.outputParameter("digest", ref.digest());
        context.log("Dataset " + reference + " is " + ref + " (digest " + ref.digest() + ")");
    }
}
