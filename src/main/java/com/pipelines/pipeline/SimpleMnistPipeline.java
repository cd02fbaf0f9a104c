package com.pipelines.pipeline;

import static com.pipelines.pipeline.ParameterSpec.choice;
import static com.pipelines.pipeline.ParameterSpec.integer;
import static com.pipelines.pipeline.ParameterSpec.number;
import static com.pipelines.pipeline.ParameterSpec.text;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.cloud.aiplatform.v1.AcceleratorType;
import com.pipelines.PipelinesProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The seed's pipeline: train a Keras-style model on MNIST, then deploy it to an endpoint. */
@Configuration(proxyBeanMethods = false)
class SimpleMnistPipeline {

    static final String NAME = "simple-mnist-pipeline";
    static final String TRAINING = "load-data-and-training";
    static final String DEPLOY = "deploy-model";
    /** Vertex AI's accelerator names, from the client library. */
    private static final List<String> ACCELERATORS = Arrays.stream(AcceleratorType.values())
            .filter(t -> t != AcceleratorType.UNRECOGNIZED && t != AcceleratorType.ACCELERATOR_TYPE_UNSPECIFIED)
            .map(Enum::name).toList();

    @Bean
    PipelineDefinition simpleMnistPipelineDefinition(PipelinesProperties settings,
                                                     org.springframework.beans.factory.ObjectProvider<ParameterCheck>
                                                             checks) {
        return new PipelineDefinition(NAME,
                "Trains a model on MNIST or Fashion-MNIST, logs its metrics and deploys it to an endpoint.",
                List.of(TRAINING, DEPLOY),
                List.of(
                        choice("modelType", "linear: Flatten, Dense 128 relu (hiddenUnits), Dense softmax; mlp: the "
                                + "same with dropout; cnn (image datasets): Conv 3x3x32, MaxPool 2, Dense 128, Dense "
                                + "softmax. Classes and input width come from the dataset", "linear", "linear", "mlp",
                                "cnn"),
                        integer("epochs", "Training epochs (up to 1000: small tables with earlyStoppingPatience)", 3L, 1, 1000),
                        integer("batchSize", "Mini-batch size", 32L, 1, 4096),
                        number("learningRate", "Adam learning rate", 0.001, 0, true, 1),
                        text("dataset", "Training data: a registered dataset, name (its latest version) or "
                                + "name@version; mnist and fashion-mnist are built in", "mnist",
                                "[a-z0-9][a-z0-9._-]{0,127}(@[1-9][0-9]{0,8})?"),
                        text("hiddenUnits", "Hidden layer sizes of linear/mlp, e.g. [256, 128]; [] for softmax "
                                + "regression; default [128]", null, "\\[? *([0-9]{1,4} *(, *[0-9]{1,4} *){0,7})?\\]?"),
                        number("dropout", "Dropout after each hidden layer (mlp)", 0.0, 0, false, 0.9),
                        integer("earlyStoppingPatience", "Stop after this many epochs without a better val_loss "
                                + "(needs a validation split) and keep the best epoch's weights", null, 1, 1000),
                        integer("seed", "Random seed: same seed, data and parameters give the same metrics",
                                42L, 0, Integer.MAX_VALUE),
                        integer("trainLimit", "Use only the first N training examples (quick runs)", null, 1, 100_000_000),
                        choice("deployTarget", "local: served by this service; vertex: Vertex AI",
                                "local", "local", "vertex"),
                        text("project", "Project of the model and endpoint resource names", settings.project(),
                                "[a-z][a-z0-9-]{2,62}"),
                        text("region", "Region (location) of the model and endpoint", settings.region(),
                                "[a-z]+-[a-z]+[0-9]{1,2}"),
                        text("endpoint", "Existing endpoint to deploy to (resource name or id); a new one if absent",
                                null, "[A-Za-z0-9_/.-]{1,256}"),
                        text("modelDisplayName", "Display name of the uploaded model; the same name again "
                                + "adds a version", "mnist-model", "[A-Za-z0-9_. -]{1,128}"),
                        text("servingImage", "Serving container image recorded with the model",
                                "us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-6:latest", "[A-Za-z0-9_./:@-]{1,256}"),
                        text("machineType", "Machine type of the deployment", "n1-standard-4", "[a-z0-9-]{1,64}"),
                        integer("minReplicaCount", "Minimum replicas", 1L, 1, 100),
                        integer("maxReplicaCount", "Maximum replicas", 1L, 1, 100),
                        text("acceleratorType", "Accelerator type, e.g. NVIDIA_TESLA_T4", null, "[A-Z0-9_]{1,64}"),
                        integer("acceleratorCount", "Accelerators per replica", 0L, 0, 8),
                        integer("trafficPercentage", "Share of the endpoint's traffic for the new model",
                                100L, 0, 100),
                        text("modelAlias", "Move this alias of the model (e.g. champion) to the new version: "
                                + "deployments following it swap to it instead of a new endpoint (local target)",
                                null, "[a-z][a-z0-9-]{0,62}")),
                List.of(ParameterRule.onParameters("dataset", "names no registered dataset version: register it "
                                + "with POST /api/v1/datasets (GET /api/v1/datasets lists them); mnist and fashion-mnist "
                                + "are built in", values -> checks.orderedStream()
                                .filter(check -> check.parameter().equals("dataset"))
                                .allMatch(check -> check.violation(values.get("dataset")) == null)),
                        ParameterRule.onParameters("maxReplicaCount", "must be >= minReplicaCount",
                                SimpleMnistPipeline::replicasOrdered),
                        ParameterRule.onParameters("modelAlias", "deployTarget 'vertex' needs an alias of at least "
                                + "2 characters ending in a letter, digit or '-' (Vertex AI's version alias rule)",
                                SimpleMnistPipeline::aliasFitsTarget),
                        ParameterRule.onParameters("acceleratorType", "must be one of " + ACCELERATORS,
                                values -> values.get("acceleratorType") == null
                                        || ACCELERATORS.contains((String) values.get("acceleratorType"))),
                        ParameterRule.onParameters("acceleratorCount", "must be > 0 when acceleratorType is set, "
                                + "and 0 when it is not", SimpleMnistPipeline::acceleratorsConsistent),
                        new ParameterRule("pipelineRoot", "deployTarget 'vertex' needs a gs://bucket/path pipeline "
                                + "root (Vertex AI reads the model from Cloud Storage); set pipelineRoot on the run "
                                + "or pipelines.pipeline-root on the server", SimpleMnistPipeline::vertexHasGcsRoot)));
    }

    private static boolean aliasFitsTarget(Map<String, Object> values) {
        Object alias = values.get("modelAlias");
        return !"vertex".equals(values.get("deployTarget")) || alias == null || ((String) alias).length() >= 2;
    }

    private static boolean acceleratorsConsistent(Map<String, Object> values) {
        long count = ((Number) values.get("acceleratorCount")).longValue();
        return values.get("acceleratorType") == null ? count == 0 : count > 0;
    }

    private static boolean vertexHasGcsRoot(ParameterRule.RunSettings settings) {
        return !"vertex".equals(settings.parameters().get("deployTarget"))
                || (settings.pipelineRoot() != null && settings.pipelineRoot().startsWith("gs://"));
    }

    private static boolean replicasOrdered(Map<String, Object> values) {
        return ((Number) values.get("maxReplicaCount")).longValue() >= ((Number) values.get("minReplicaCount")).longValue();
    }
}
