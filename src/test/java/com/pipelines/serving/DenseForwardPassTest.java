package com.pipelines.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.pipelines.datasets.ModelSignature;
import com.pipelines.training.TrainedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java forward pass answers what TensorFlow answers, within 1e-6 per probability, over the whole Fashion-MNIST
 * test set for the seed's linear model and an mlp, and over a table with missing values and unseen categories; a CNN
 * stays on TensorFlow.
 */
class DenseForwardPassTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    @Test
    void seedLinearModelMatchesTensorFlowOnTheTestSet() throws Exception {
        assumeTrue(Files.isDirectory(FASHION), "dataset-fashion-mnist missing");
        assertMatchesTensorFlow(TrainedModels.fashionMnist("linear", new int[] {128}, 60_000, dir.resolve("m")));
    }

    @Test
    void deeperMlpMatchesTensorFlowOnTheTestSet() throws Exception {
        assumeTrue(Files.isDirectory(FASHION), "dataset-fashion-mnist missing");
        assertMatchesTensorFlow(TrainedModels.fashionMnist("mlp", new int[] {64, 32}, 5_000, dir.resolve("m")));
    }

    @Test
    void tableModelWithMissingValuesAndUnseenCategoriesMatchesTensorFlow() throws Exception {
        assertMatchesTensorFlow(TrainedModels.table(dir.resolve("m")));
    }

    @Test
    void cnnStaysOnTensorFlow() throws Exception {
        assumeTrue(Files.isDirectory(FASHION), "dataset-fashion-mnist missing");
        TrainedModels.Exported cnn = TrainedModels.fashionMnist("cnn", new int[0], 500, dir.resolve("m"));
        try (SavedModelBundle bundle = SavedModelBundle.load(cnn.dir().toString(), "serve")) {
            assertThat(DenseForwardPass.read(bundle, cnn.schema())).isEmpty();
        }
        try (BatchingModel model = load(cnn)) {
            assertThat(model.answersDirectly()).isFalse();
            assertThat(model.predict(java.util.Arrays.copyOf(cnn.testInputs(), 784), 1)).hasSize(10);
        }
    }

    private void assertMatchesTensorFlow(TrainedModels.Exported exported) throws Exception {
        int width = exported.schema().width();
        int count = exported.testCount();
        float[] tensorFlow;
        try (SavedModelBundle bundle = SavedModelBundle.load(exported.dir().toString(), "serve")) {
            ModelSignature signature = ModelSignature.read(exported.dir(), JsonMapper.builder().build());
            BatchingModel.Predictor tf = BatchingModel.savedModel(bundle, signature);
            tensorFlow = tf.predict(exported.testInputs(), count);
            DenseForwardPass java = DenseForwardPass.read(bundle, exported.schema()).orElseThrow();
            float[] direct = java.predict(exported.testInputs(), count);
            float worst = 0f;
            for (int i = 0; i < direct.length; i++) {
                worst = Math.max(worst, Math.abs(direct[i] - tensorFlow[i]));
            }
            assertThat(worst).as("largest difference from TensorFlow over %d instances", count).isLessThan(1e-6f);
        }
        try (BatchingModel model = load(exported)) {
            assertThat(model.answersDirectly()).isTrue();
            for (int n = 0; n < 50; n++) {
                float[] one = java.util.Arrays.copyOfRange(exported.testInputs(), n * width, (n + 1) * width);
                float[] answer = model.predict(one, 1);
                int classes = answer.length;
                for (int c = 0; c < classes; c++) {
                    assertThat(answer[c]).isCloseTo(tensorFlow[n * classes + c], org.assertj.core.data.Offset.offset(1e-6f));
                }
            }
        }
    }

    private static BatchingModel load(TrainedModels.Exported exported) {
        SavedModelBundle bundle = SavedModelBundle.load(exported.dir().toString(), "serve");
        return BatchingModel.of(bundle, ModelSignature.read(exported.dir(), JsonMapper.builder().build()), 64,
                Duration.ofSeconds(30), "test", null);
    }
}
