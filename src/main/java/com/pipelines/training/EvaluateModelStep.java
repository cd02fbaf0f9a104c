package com.pipelines.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.artifacts.ArtifactStore;
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
 * Component {@code evaluate-model}: any SavedModel of this service's signature ({@code images} float32 [-1, 28, 28]
 * of 0–1 pixels → {@code probabilities}) on a dataset's test split → the training step's evaluation outputs: the
 * {@code system.ClassificationMetrics} artifact, metrics {@code acc} and {@code loss}, output parameters
 * {@code accuracy} and {@code loss}, precision/recall/F1 per class.
 */
@Component
class EvaluateModelStep implements PipelineStep {

    static final String NAME = "evaluate-model";
    private static final int BATCH = 1000;

    private final DatasetRepository datasets;
    private final JsonMapper json;

    EvaluateModelStep(DatasetRepository datasets, JsonMapper json) {
        this.datasets = datasets;
        this.json = json;
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
        return List.of(new ArtifactSpec("model", ArtifactSpec.MODEL));
    }

    @Override
    public List<ArtifactSpec> outputs() {
        return List.of(new ArtifactSpec("metrics", ArtifactSpec.METRICS),
                new ArtifactSpec("classification_metrics", ArtifactSpec.CLASSIFICATION_METRICS));
    }

    @Override
    public List<ParameterSpec> parameterSpecs() {
        return List.of(ParameterSpec.choice("dataset", "Whose test split to evaluate on", "mnist", "mnist",
                        "fashion-mnist"),
                ParameterSpec.integer("testLimit", "Use only the first N test images", null, 1, 10_000));
    }

    @Override
    public Map<String, ParameterType> outputParameters() {
        return Map.of("accuracy", ParameterType.NUMBER_DOUBLE, "loss", ParameterType.NUMBER_DOUBLE);
    }

    @Override
    public Map<String, String> dataDigests(Map<String, Object> parameters) throws DatasetException {
        return Map.of("dataset", datasets.digest(String.valueOf(parameters.getOrDefault("dataset", "mnist"))));
    }

    @Override
    public void execute(StepContext context) throws Exception {
        RecordedArtifact model = context.inputArtifact("model").orElseThrow(() ->
                StepFailedException.permanent("No model artifact is wired to input 'model'"));
        if (!model.uri().startsWith("file:")) {
            throw StepFailedException.permanent("evaluate-model reads models from this service's pipeline root; "
                    + model.uri() + " is not a local artifact");
        }
        String dataset = context.stringParameter("dataset");
        MnistData data;
        try {
            data = datasets.load(dataset);
        } catch (DatasetException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        }
        int count = context.longParameter("testLimit").map(Long::intValue).map(n -> Math.min(n, data.testCount()))
                .orElse(data.testCount());
        context.log("Evaluating " + model.task() + "/" + model.name() + " on " + count + " test images of " + dataset);
        float[] probabilities = predict(context.localCopy(model), data.testImages(), count, context);
        byte[] labels = Arrays.copyOf(data.testLabels(), count);
        ClassificationMetrics evaluation = ClassificationMetrics.of(probabilities, labels,
                ClassificationMetrics.classNames(dataset));
        record(context, evaluation, count);
    }

    private static float[] predict(Path modelDir, byte[] images, int count, StepContext context) {
        float[] probabilities = new float[count * MnistData.CLASSES];
        try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), "serve")) {
            SessionFunction function = bundle.function("serving_default");
            for (int from = 0; from < count; from += BATCH) {
                context.checkCancelled();
                int n = Math.min(BATCH, count - from);
                float[] pixels = new float[n * MnistData.PIXELS];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = Byte.toUnsignedInt(images[from * MnistData.PIXELS + i]) / 255f;
                }
                try (TFloat32 input = TFloat32.tensorOf(Shape.of(n, 28, 28), DataBuffers.of(pixels, true, false));
                     Result result = function.call(Map.of("images", input))) {
                    float[] out = new float[n * MnistData.CLASSES];
                    ((TFloat32) result.get("probabilities").orElseThrow()).copyTo(DataBuffers.of(out, false, false));
                    System.arraycopy(out, 0, probabilities, from * MnistData.CLASSES, out.length);
                }
                context.reportProgress((double) (from + n) / count, "Evaluated " + (from + n) + " of " + count,
                        Map.of("images", from + n));
            }
        } catch (org.tensorflow.exceptions.TensorFlowException e) {
            throw StepFailedException.permanent("Cannot load or run the model at " + modelDir + ": " + e.getMessage(), e);
        }
        return probabilities;
    }

    private void record(StepContext context, ClassificationMetrics evaluation, int count) throws IOException {
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
    }
}
