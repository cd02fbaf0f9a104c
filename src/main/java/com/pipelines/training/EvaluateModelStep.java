package com.pipelines.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.PipelinesProperties;
import com.pipelines.deploy.DeployException;
import com.pipelines.deploy.ModelRegistry;
import com.pipelines.deploy.RegisteredModel;
import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.ModelSignature;
import com.pipelines.datasets.PreparedDataset;
import com.pipelines.datasets.Split;
import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.ParameterSpec;
import com.pipelines.pipeline.ParameterType;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.StepContext;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.stereotype.Component;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import tools.jackson.databind.json.JsonMapper;

/**
 * Component {@code evaluate-model}: a SavedModel this service wrote or registered — wired as the {@code model} input,
 * or a registered version named by {@code modelVersion} ({@code name@champion}, {@code name@3}, a version id) — on a
 * dataset's test split → the training step's evaluation outputs: the {@code system.ClassificationMetrics} artifact,
 * metrics {@code acc} and {@code loss}, output parameters {@code accuracy} and {@code loss}, precision/recall/F1 per
 * class. A registered version's evaluation is also recorded on it, so the registry shows how it measured later.
 */
@Component
class EvaluateModelStep implements PipelineStep {

    static final String NAME = "evaluate-model";
    static final String DATASET_PATTERN = "[a-z0-9][a-z0-9._-]{0,127}(@[1-9][0-9]{0,8})?";
    private static final int BATCH = 1000;

    static final String VERSION_PATTERN = "[A-Za-z0-9/_.-]{1,256}(@[a-z0-9][a-z0-9-]{0,62})?";

    private final TrainingData datasets;
    private final JsonMapper json;
    private final org.springframework.beans.factory.ObjectProvider<ModelRegistry> registry;
    private final PipelinesProperties properties;

    /** The registry is absent in the command-line mode (no database): there a model comes wired only. */
    EvaluateModelStep(TrainingData datasets, JsonMapper json,
                      org.springframework.beans.factory.ObjectProvider<ModelRegistry> registry,
                      PipelinesProperties properties) {
        this.datasets = datasets;
        this.json = json;
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Evaluates a model on a dataset's test split: confusion matrix, confidence metrics, accuracy, loss";
    }

    @Override
    public List<ArtifactSpec> inputs() {
        return List.of(ArtifactSpec.optional("model", ArtifactSpec.MODEL));
    }

    @Override
    public List<ArtifactSpec> outputs() {
        return List.of(new ArtifactSpec("metrics", ArtifactSpec.METRICS),
                new ArtifactSpec("classification_metrics", ArtifactSpec.CLASSIFICATION_METRICS));
    }

    @Override
    public List<ParameterSpec> parameterSpecs() {
        return List.of(ParameterSpec.text("dataset", "Whose test split to evaluate on: a registered dataset, "
                        + "name or name@version", "mnist", DATASET_PATTERN),
                ParameterSpec.integer("testLimit", "Use only the first N test examples", null, 1, 100_000_000),
                ParameterSpec.text("modelVersion", "A registered version to evaluate instead of the wired model: "
                        + "name@alias, name@version or a version id", null, VERSION_PATTERN));
    }

    @Override
    public Map<String, ParameterType> outputParameters() {
        return Map.of("accuracy", ParameterType.NUMBER_DOUBLE, "loss", ParameterType.NUMBER_DOUBLE);
    }

    @Override
    public Map<String, String> dataDigests(Map<String, Object> parameters) throws DatasetException {
        Object dataset = parameters.get("dataset");
        return Map.of("dataset", datasets.digest(dataset == null ? "mnist" : String.valueOf(dataset)));
    }

    @Override
    public void execute(StepContext context) throws Exception {
        String reference = context.stringParameter("modelVersion");
        RegisteredModel version = reference == null ? null : registered(reference);
        RecordedArtifact model = version != null
                ? new RecordedArtifact("registry", version.displayName() + "@" + version.versionId(),
                        ArtifactSpec.MODEL, version.artifactUri(), Map.of())
                : context.inputArtifact("model").orElseThrow(() -> StepFailedException.permanent(
                        "No model to evaluate: wire a model artifact to input 'model' or name a registered version "
                                + "in 'modelVersion'"));
        String dataset = context.stringParameter("dataset");
        PreparedDataset data = datasets.load(context, dataset == null ? "mnist" : dataset);
        PreparedDataset.Part test = data.part(Split.TEST);
        int count = context.longParameter("testLimit").map(Long::intValue).map(n -> Math.min(n, test.count()))
                .orElse(test.count());
        Path modelDir = context.localCopy(model);
        ModelSignature signature = ModelSignature.read(modelDir, json);
        checkFits(signature, data);
        context.log("Evaluating " + model.task() + "/" + model.name() + " on " + count + " test examples of "
                + data.ref());
        float[] probabilities = predict(modelDir, signature, test, count, context);
        int[] labels = Arrays.copyOf(test.labels(), count);
        ClassificationMetrics evaluation = ClassificationMetrics.of(probabilities, labels,
                data.schema().classNames());
        double accuracy = record(context, evaluation, count);
        if (version != null) {
            registry.getObject().recordEvaluation(version.id(), new ModelRegistry.Evaluation(context.runId(), context.taskName(),
                    data.ref().toString(), count, accuracy, evaluation.logLoss()));
        }
    }

    private RegisteredModel registered(String reference) {
        ModelRegistry models = registry.getIfAvailable();
        if (models == null) {
            throw StepFailedException.permanent("modelVersion needs the service's model registry; in the "
                    + "command-line mode wire the model as the 'model' input");
        }
        try {
            return models.resolve(reference, properties.project(), properties.region());
        } catch (DeployException e) {
            throw StepFailedException.permanent("modelVersion '" + reference + "': " + e.getBody().getDetail());
        }
    }

    /** The model must take this dataset's input and answer its classes; else the step says how they differ. */
    private static void checkFits(ModelSignature signature, PreparedDataset data) {
        DatasetSchema model = signature.schema();
        DatasetSchema dataset = data.schema();
        boolean fits = model.kind().equals(dataset.kind()) && model.width() == dataset.width()
                && model.classes() == dataset.classes()
                && (!model.isImageKind() || model.image().equals(dataset.image()));
        if (!fits) {
            throw StepFailedException.permanent("The model takes " + model.describeInput() + " and answers "
                    + model.classes() + " classes, but " + data.ref() + " holds " + dataset.describeInput() + " and "
                    + dataset.classes() + " classes: evaluate it on the dataset it was trained on (or one shaped alike)");
        }
    }

    private static float[] predict(Path modelDir, ModelSignature signature, PreparedDataset.Part test, int count,
                                   StepContext context) {
        int classes = signature.schema().classes();
        long[] shape = SavedModelWriter.inputShape(signature.schema());
        float[] probabilities = new float[count * classes];
        try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), "serve")) {
            SessionFunction function = bundle.function("serving_default");
            for (int from = 0; from < count; from += BATCH) {
                context.checkCancelled();
                int n = Math.min(BATCH, count - from);
                float[] inputs = test.inputs(from, from + n);
                shape[0] = n;
                try (TFloat32 input = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(inputs, true, false));
                     Result result = function.call(Map.of(signature.input(), input))) {
                    float[] out = new float[n * classes];
                    ((TFloat32) result.get(signature.output()).orElseThrow()).copyTo(DataBuffers.of(out, false, false));
                    System.arraycopy(out, 0, probabilities, from * classes, out.length);
                }
                context.reportProgress((double) (from + n) / count, "Evaluated " + (from + n) + " of " + count,
                        Map.of("examples", from + n));
            }
        } catch (org.tensorflow.exceptions.TensorFlowException e) {
            throw StepFailedException.permanent("Cannot load or run the model at " + modelDir + ": " + e.getMessage(), e);
        }
        return probabilities;
    }

    private double record(StepContext context, ClassificationMetrics evaluation, int count) throws IOException {
        long correct = 0;
        for (int c = 0; c < evaluation.confusion().length; c++) {
            correct += evaluation.confusion()[c][c];
        }
        double accuracy = count == 0 ? 0 : (double) correct / count;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("acc", accuracy * 100);
        metrics.put("loss", evaluation.logLoss());
        metrics.put("test size", count);
        Path metricsFile = context.outputPath("metrics");
        Files.writeString(metricsFile, json.writeValueAsString(metrics));
        metrics.forEach((key, value) -> context.logMetric(key, ((Number) value).doubleValue()));
        context.outputParameter("accuracy", accuracy);
        context.outputParameter("loss", evaluation.logLoss());
        context.recordArtifact("metrics", ArtifactSpec.METRICS, metricsFile.toUri().toString(), metrics);
        evaluation.record(context, json);
        context.log(String.format("Test accuracy %.2f %% on %d images, log loss %.4f", accuracy * 100, count,
                evaluation.logLoss()));
        return accuracy;
    }
}
