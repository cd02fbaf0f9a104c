package com.pipelines.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.datasets.PreparedDataset;
import com.pipelines.datasets.Split;
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
 * Step {@code load-data-and-training}: reads a registered dataset version (the built-in {@code mnist} and
 * {@code fashion-mnist} included), trains the chosen model with TensorFlow — its input width, classes and
 * normalisation from the dataset — logs per-epoch {@code loss}/{@code acc} (and {@code val_loss}/{@code val_acc}
 * when the dataset has a validation split), evaluates on the test split, logs the seed's metrics ({@code acc} ×100,
 * {@code loss}, {@code Model}, {@code dataset size}) plus {@code train_seconds}, and records the SavedModel
 * ({@code output_model}), the metrics JSON ({@code metrics}) and the ClassificationMetrics.
 */
@Component
class TrainingStep implements PipelineStep {

    static final String NAME = "load-data-and-training";

    private final TrainingData datasets;
    private final TrainingProperties properties;
    private final JsonMapper json;

    TrainingStep(TrainingData datasets, TrainingProperties properties, JsonMapper json) {
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
        return "Loads a registered dataset, trains the model with TensorFlow, logs its metrics and saves it as a "
                + "SavedModel";
    }

    @Override
    public List<String> parameters() {
        return List.of("dataset", "modelType", "epochs", "batchSize", "learningRate", "seed", "trainLimit",
                "hiddenUnits", "dropout", "earlyStoppingPatience");
    }

    @Override
    public String command() {
        return "train";
    }

    /** The trainer's revision and the settings that change its numbers (thread pools change float sums). */
    @Override
    public String version() {
        return "trainer-5;unroll=" + properties.unroll() + ";threads=" + properties.intraOpThreads() + ","
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

    /** The exact dataset version's digest: new content under the same name is a cache miss. */
    @Override
    public Map<String, String> dataDigests(Map<String, Object> parameters) throws DatasetException {
        Object dataset = parameters.get("dataset");
        return Map.of("dataset", datasets.digest(dataset == null ? "mnist" : String.valueOf(dataset)));
    }

    @Override
    public void execute(StepContext context) throws Exception {
        ModelSettings settings = ModelSettings.of(context);
        TrainingConfig config = new TrainingConfig(
                context.longParameter("epochs").orElse(3L).intValue(),
                context.longParameter("batchSize").orElse(32L).intValue(),
                context.doubleParameter("learningRate").orElse(0.001).floatValue(),
                context.longParameter("seed").orElse(42L),
                properties.unroll(), properties.intraOpThreads(), properties.interOpThreads(),
                context.longParameter("earlyStoppingPatience").orElse(0L).intValue());
        String reference = context.stringParameter("dataset");
        context.log("Loading dataset " + (reference == null ? "mnist" : reference));
        PreparedDataset data = datasets.load(context, reference == null ? "mnist" : reference);
        Network network;
        try {
            network = settings.network(data.schema(), config.seed());
        } catch (IllegalArgumentException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        }
        PreparedDataset.Part train = data.part(Split.TRAIN);
        PreparedDataset.Part validation = data.part(Split.VALIDATION);
        PreparedDataset.Part test = data.part(Split.TEST);
        int limit = context.longParameter("trainLimit").map(Long::intValue).orElse(train.count());
        train = train.limit(limit);
        if (test.count() == 0) {
            throw StepFailedException.permanent("Dataset " + data.ref() + " has no test split to evaluate on; "
                    + "register it with a testFraction above 0");
        }
        context.log("Training " + network.describe() + " on " + train.count() + " examples of " + data.ref()
                + " for " + config.epochs() + " epochs, batch " + config.batchSize()
                + (validation.count() > 0 ? ", validating on " + validation.count() : ""));
        context.checkCancelled();

        TrainedModel trained;
        try {
            trained = new Trainer().train(network, train, validation, test, config,
                    new StepTrainingListener(context, config.epochs()));
        } catch (TrainingStoppedException stopped) {
            context.log(stopped.getMessage());
            throw new StepCancelledException(context.taskName());
        }
        record(context, settings, data, train.count(), trained, test);
    }

    private void record(StepContext context, ModelSettings settings, PreparedDataset data, int trainCount,
                        TrainedModel trained, PreparedDataset.Part test) throws Exception {
        Path modelDir = context.outputPath("output_model");
        new SavedModelWriter().export(trained, modelDir, json);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("acc", trained.testAccuracy() * 100);
        metrics.put("loss", trained.testLoss());
        metrics.put("Model", settings.type().displayName());
        metrics.put("dataset size", trainCount);
        metrics.put("train_seconds", trained.trainSeconds());
        metrics.put("dataset", data.ref().toString());
        Path metricsFile = context.outputPath("metrics");
        Files.writeString(metricsFile, json.writeValueAsString(metrics));

        context.logMetric("acc", trained.testAccuracy() * 100);
        context.logMetric("loss", trained.testLoss());
        context.outputParameter("accuracy", trained.testAccuracy());
        context.outputParameter("loss", trained.testLoss());
        context.logMetric("Model", settings.type().displayName());
        context.logMetric("dataset size", trainCount);
        context.logMetric("train_seconds", trained.trainSeconds());
        ClassificationMetrics evaluation = ClassificationMetrics.of(trained.testProbabilities(), test.labels(),
                data.schema().classNames());
        Map<String, Object> metadata = modelMetadata(trained.network(), data, trained);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("accuracy", trained.testAccuracy());
        summary.put("logLoss", evaluation.logLoss());
        summary.put("auRoc", evaluation.auRoc());
        summary.put("auPrc", evaluation.auPrc());
        summary.put("testExamples", test.count());
        metadata.put("evaluation", summary);
        metadata.put("trainingParameters", new java.util.TreeMap<>(context.parameters()));
        RecordedArtifact saved = context.recordArtifact("output_model", ArtifactSpec.MODEL,
                modelDir.toUri().toString(), metadata);
        context.recordArtifact("metrics", ArtifactSpec.METRICS, metricsFile.toUri().toString(), metrics);
        evaluation.record(context, json);
        context.log(String.format("Test accuracy %.2f %%, test loss %.4f, training loop %.2f s",
                trained.testAccuracy() * 100, trained.testLoss(), trained.trainSeconds()));
        context.log("Model saved path : " + (saved.uri().startsWith("file:") ? ArtifactStore.localPath(saved.uri())
                : modelDir));
        context.log("Model saved uri : " + saved.uri());
    }

    private static Map<String, Object> modelMetadata(Network network, PreparedDataset data, TrainedModel trained) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("framework", "tensorflow");
        metadata.put("format", "saved_model");
        metadata.put("tags", List.of("serve"));
        metadata.put("signature", SavedModelWriter.SIGNATURE);
        List<Long> shape = java.util.Arrays.stream(SavedModelWriter.inputShape(network.schema())).boxed().toList();
        metadata.put("input", Map.of("name", SavedModelWriter.inputName(network.schema()), "dtype", "float32",
                "shape", shape));
        metadata.put("output", Map.of("name", SavedModelWriter.OUTPUT, "dtype", "float32", "shape",
                List.of(-1, network.schema().classes())));
        metadata.put("modelType", network.type().displayName());
        metadata.put("architecture", network.describe());
        metadata.put("dataset", data.ref().name());
        metadata.put("datasetVersion", data.ref().version());
        metadata.put("datasetDigest", data.ref().digest());
        metadata.put("classNames", network.schema().classNames());
        metadata.put("epochsTrained", trained.history().size());
        metadata.put("bestEpoch", trained.bestEpoch());
        return metadata;
    }
}
