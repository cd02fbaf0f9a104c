package com.pipelines.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.ParameterType;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.StepCancelledException;
import com.pipelines.pipeline.StepContext;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Step {@code load-data-and-training}: loads MNIST or Fashion-MNIST, trains the chosen model with TensorFlow,
 * logs per-epoch {@code loss}/{@code acc} while it runs, evaluates on the test set, logs the seed's metrics
 * ({@code acc} ×100, {@code loss}, {@code Model}, {@code dataset size}) plus {@code train_seconds}, and records
 * the SavedModel ({@code output_model}) and the metrics JSON ({@code metrics}).
 */
@Component
class TrainingStep implements PipelineStep {

    static final String NAME = "load-data-and-training";

    private final DatasetRepository datasets;
    private final TrainingProperties properties;
    private final JsonMapper json;

    TrainingStep(DatasetRepository datasets, TrainingProperties properties, JsonMapper json) {
        this.datasets = datasets;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Loads the dataset, trains the model with TensorFlow, logs its metrics and saves it as a SavedModel";
    }

    @Override
    public List<String> parameters() {
        return List.of("dataset", "modelType", "epochs", "batchSize", "learningRate", "seed", "trainLimit");
    }

    @Override
    public String command() {
        return "train";
    }

    /** The trainer's revision and the settings that change its numbers (thread pools change float sums). */
    @Override
    public String version() {
        return "trainer-3;unroll=" + properties.unroll() + ";threads=" + properties.intraOpThreads() + ","
                + properties.interOpThreads();
    }

    @Override
    public List<ArtifactSpec> outputs() {
        return List.of(new ArtifactSpec("output_model", ArtifactSpec.MODEL),
                new ArtifactSpec("metrics", ArtifactSpec.METRICS),
                new ArtifactSpec("classification_metrics", ArtifactSpec.CLASSIFICATION_METRICS));
    }

    /** Test accuracy (a fraction, 0-1) and test loss, for conditions and model selection downstream. */
    @Override
    public Map<String, ParameterType> outputParameters() {
        return Map.of("accuracy", ParameterType.NUMBER_DOUBLE, "loss", ParameterType.NUMBER_DOUBLE);
    }

    /** The dataset's content: new files under the same name are a cache miss. */
    @Override
    public Map<String, String> dataDigests(Map<String, Object> parameters) throws DatasetException {
        String dataset = String.valueOf(parameters.getOrDefault("dataset", "mnist"));
        return Map.of("dataset", datasets.digest(dataset));
    }

    @Override
    public void execute(StepContext context) throws Exception {
        ModelType model = ModelType.fromParameter(context.stringParameter("modelType"));
        String dataset = context.stringParameter("dataset");
        TrainingConfig config = new TrainingConfig(model,
                context.longParameter("epochs").orElse(3L).intValue(),
                context.longParameter("batchSize").orElse(32L).intValue(),
                context.doubleParameter("learningRate").orElse(0.001).floatValue(),
                context.longParameter("seed").orElse(42L),
                properties.unroll(), properties.intraOpThreads(), properties.interOpThreads());

        context.log("Loading dataset " + dataset);
        MnistData data;
        try {
            data = datasets.load(dataset);
        } catch (DatasetException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        }
        int limit = context.longParameter("trainLimit").map(Long::intValue).orElse(data.trainCount());
        data = data.limitTraining(limit);
        context.log("Training " + model.displayName() + " on " + data.trainCount() + " images of " + dataset
                + " for " + config.epochs() + " epochs, batch " + config.batchSize());
        context.checkCancelled();

        TrainedModel trained;
        try {
            trained = new Trainer().train(data, config, new StepTrainingListener(context, config.epochs()));
        } catch (TrainingStoppedException stopped) {
            context.log(stopped.getMessage());
            throw new StepCancelledException(context.taskName());
        }

        Path modelDir = context.outputPath("output_model");
        new SavedModelWriter().export(trained, modelDir);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("acc", trained.testAccuracy() * 100);
        metrics.put("loss", trained.testLoss());
        metrics.put("Model", model.displayName());
        metrics.put("dataset size", data.trainCount());
        metrics.put("train_seconds", trained.trainSeconds());
        Path metricsFile = context.outputPath("metrics");
        Files.writeString(metricsFile, json.writeValueAsString(metrics));

        context.logMetric("acc", trained.testAccuracy() * 100);
        context.logMetric("loss", trained.testLoss());
        context.outputParameter("accuracy", (double) trained.testAccuracy());
        context.outputParameter("loss", (double) trained.testLoss());
        context.logMetric("Model", model.displayName());
        context.logMetric("dataset size", data.trainCount());
        context.logMetric("train_seconds", trained.trainSeconds());
        RecordedArtifact saved = context.recordArtifact("output_model", ArtifactSpec.MODEL,
                modelDir.toUri().toString(), modelMetadata(model, dataset));
        context.recordArtifact("metrics", ArtifactSpec.METRICS, metricsFile.toUri().toString(), metrics);
        recordEvaluation(context, trained, data, dataset);
        context.log(String.format("Test accuracy %.2f %%, test loss %.4f, training loop %.2f s",
                trained.testAccuracy() * 100, trained.testLoss(), trained.trainSeconds()));
        context.log("Model saved path : " + (saved.uri().startsWith("file:") ? ArtifactStore.localPath(saved.uri())
                : modelDir));
        context.log("Model saved uri : " + saved.uri());
    }

    /** The test-set evaluation as KFP's ClassificationMetrics artifact, and precision/recall/F1 per class. */
    private void recordEvaluation(StepContext context, TrainedModel trained, MnistData data, String dataset)
            throws IOException {
        ClassificationMetrics.of(trained.testProbabilities(), data.testLabels(),
                ClassificationMetrics.classNames(dataset)).record(context, json);
    }

    private static Map<String, Object> modelMetadata(ModelType model, String dataset) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("framework", "tensorflow");
        metadata.put("format", "saved_model");
        metadata.put("tags", List.of("serve"));
        metadata.put("signature", SavedModelWriter.SIGNATURE);
        metadata.put("input", Map.of("name", SavedModelWriter.INPUT, "dtype", "float32", "shape", List.of(-1, 28, 28)));
        metadata.put("output", Map.of("name", SavedModelWriter.OUTPUT, "dtype", "float32", "shape", List.of(-1, 10)));
        metadata.put("modelType", model.displayName());
        metadata.put("dataset", dataset);
        return metadata;
    }
}
