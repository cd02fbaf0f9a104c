package com.pipelines.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

class TrainerTest {

    private static final MnistData DATA = SyntheticMnist.create(1200, 300, 7);

    private static MnistTraining.Legacy config(ModelType model, int epochs, long seed) {
        return MnistTraining.config(model, epochs, 32, 0.001f, seed, 10, 1, 1);
    }

    @Test
    void linearModelLearnsAndLogsEveryEpoch() {
        List<Double> losses = new java.util.ArrayList<>();
        TrainedModel trained = MnistTraining.train(DATA, config(ModelType.LINEAR, 3, 1), new TrainingListener() {
            @Override
            public void onProgress(int epoch, int step, int stepsPerEpoch, double samplesPerSecond, double eta) {
                assertThat(step).isBetween(1, stepsPerEpoch);
            }

            @Override
            public void onEpochEnd(TrainedModel.EpochMetrics m) {
                int epoch = m.epoch();
                double loss = m.loss();
                double accuracy = m.accuracy();
                losses.add(loss);
            }

            @Override
            public boolean stopRequested() {
                return false;
            }
        });
        assertThat(losses).hasSize(3);
        assertThat(losses.get(2)).isLessThan(losses.get(0));
        assertThat(trained.testAccuracy()).isGreaterThan(0.95);
        assertThat(trained.history()).extracting(TrainedModel.EpochMetrics::epoch).containsExactly(1, 2, 3);
    }

    @Test
    void sameSeedSameDataSameParametersGiveTheSameModel() {
        TrainedModel a = MnistTraining.train(DATA, config(ModelType.LINEAR, 2, 5), TrainingListener.NONE);
        TrainedModel b = MnistTraining.train(DATA, config(ModelType.LINEAR, 2, 5), TrainingListener.NONE);
        TrainedModel c = MnistTraining.train(DATA, config(ModelType.LINEAR, 2, 6), TrainingListener.NONE);
        assertThat(a.testLoss()).isEqualTo(b.testLoss());
        assertThat(a.history()).isEqualTo(b.history());
        assertThat(a.weights().get(0)).isEqualTo(b.weights().get(0));
        assertThat(c.testLoss()).isNotEqualTo(a.testLoss());
    }

    @Test
    void chainedStepsTrainWhatOneStepACallTrainsWhateverIsLeftForALastShortBatch() {
        // 333 rows: ten whole batches and a short one of 13; 40 rows: one whole batch and a short one
        for (int rows : new int[] {333, 40}) {
            MnistData data = DATA.limitTraining(rows);
            TrainedModel chained = MnistTraining.train(data,
                    MnistTraining.config(ModelType.LINEAR, 2, 32, 0.001f, 5, 4, 1, 1), TrainingListener.NONE);
            TrainedModel stepByStep = MnistTraining.train(data,
                    MnistTraining.config(ModelType.LINEAR, 2, 32, 0.001f, 5, 1, 1, 1), TrainingListener.NONE);
            for (int i = 0; i < chained.weights().size(); i++) {
                assertThat(chained.weights().get(i)).as(rows + " rows, weights " + i)
                        .isEqualTo(stepByStep.weights().get(i));
            }
            assertThat(chained.history()).isEqualTo(stepByStep.history());
        }
    }

    @Test
    void theFewGraphRewritesKeptTrainTheSameWeightsBitForBitAsTensorFlowsDefaultRewrites() {
        Trainer tensorFlowDefaults = new Trainer(c -> ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(c.intraOpThreads()).setInterOpParallelismThreads(c.interOpThreads())
                .build());
        Trainer noRewrites = new Trainer(c -> Trainer.sessionConfig(c).toBuilder()
                .setGraphOptions(GraphOptions.newBuilder()
                        .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
                .build());
        for (ModelType model : List.of(ModelType.LINEAR, ModelType.CNN)) {
            MnistTraining.Legacy config = config(model, 1, 3);
            TrainedModel ours = MnistTraining.train(DATA, config, TrainingListener.NONE);
            TrainedModel reference = MnistTraining.train(DATA, config, TrainingListener.NONE, tensorFlowDefaults);
            for (int i = 0; i < ours.weights().size(); i++) {
                assertThat(ours.weights().get(i)).as(model + " weights " + i).isEqualTo(reference.weights().get(i));
            }
            assertThat(ours.testLoss()).isEqualTo(reference.testLoss());
        }
        // The comparison can tell: with no rewrites at all (constant folding off too) the linear weights differ.
        MnistTraining.Legacy linear = config(ModelType.LINEAR, 1, 3);
        assertThat(MnistTraining.train(DATA, linear, TrainingListener.NONE, noRewrites).weights().get(0))
                .isNotEqualTo(MnistTraining.train(DATA, linear, TrainingListener.NONE).weights().get(0));
    }

    @Test
    void eachEpochSeesTheExamplesInItsShuffledOrderThoughTheGraphKeepsTheLastEpochsOrder() {
        String[] original = {"a", "b", "c", "d", "e"};
        String[] graph = original.clone();
        Trainer.Arrangement arrangement = new Trainer.Arrangement(original.length);
        for (int[] order : new int[][] {{3, 0, 4, 1, 2}, {1, 2, 3, 4, 0}, {4, 3, 2, 1, 0}}) {
            int[] reorder = arrangement.moveTo(order);
            String[] before = graph.clone();
            for (int i = 0; i < graph.length; i++) {
                graph[i] = before[reorder[i]];
            }
            for (int i = 0; i < order.length; i++) {
                assertThat(graph[i]).isEqualTo(original[order[i]]);
            }
        }
    }

    @Test
    void partialLastBatchIsTrained() {
        MnistData odd = DATA.limitTraining(1000 + 7);
        TrainedModel trained = MnistTraining.train(odd, MnistTraining.config(ModelType.LINEAR, 1, 100, 0.001f, 1, 4, 1, 1),
                TrainingListener.NONE);
        assertThat(trained.history().get(0).loss()).isPositive().isFinite();
    }

    @Test
    void cnnTrainsAndExportsToo(@TempDir Path dir) throws Exception {
        TrainedModel trained = MnistTraining.train(DATA, config(ModelType.CNN, 1, 3), TrainingListener.NONE);
        assertThat(trained.testAccuracy()).isGreaterThan(0.8);
        Path export = dir.resolve("model");
        new SavedModelWriter().export(trained, export, tools.jackson.databind.json.JsonMapper.builder().build());
        assertPredictionsMatch(trained, export);
    }

    @Test
    void exportedSavedModelIsInferenceOnlyAndPredictsLikeTheTrainedModel(@TempDir Path dir) throws Exception {
        TrainedModel trained = MnistTraining.train(DATA, config(ModelType.LINEAR, 2, 1), TrainingListener.NONE);
        Path export = dir.resolve("output_model");
        new SavedModelWriter().export(trained, export, tools.jackson.databind.json.JsonMapper.builder().build());
        assertThat(export.resolve("saved_model.pb")).exists();
        assertThat(export.resolve("variables")).isDirectory();
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("output_model");
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve")) {
            MetaGraphDef meta = bundle.metaGraphDef();
            var signature = meta.getSignatureDefOrThrow("serving_default");
            assertThat(signature.getMethodName()).isEqualTo("tensorflow/serving/predict");
            assertThat(signature.getInputsMap()).containsKey("images");
            assertThat(signature.getOutputsMap()).containsKey("probabilities");
            assertThat(signature.getInputsOrThrow("images").getTensorShape().getDimCount()).isEqualTo(3);
            List<String> ops = meta.getGraphDef().getNodeList().stream().map(n -> n.getOp()).distinct().toList();
            assertThat(ops).doesNotContain("ApplyAdam", "SoftmaxCrossEntropyWithLogits", "OneHot", "Gather");
        }
        assertPredictionsMatch(trained, export);
    }

    @Test
    void stopsBetweenStepsWhenAsked() {
        assertThatThrownBy(() -> MnistTraining.train(DATA, config(ModelType.LINEAR, 5, 1), new TrainingListener() {
            int calls;

            @Override
            public void onProgress(int epoch, int step, int stepsPerEpoch, double samplesPerSecond, double eta) {
                calls++;
            }

            @Override
            public void onEpochEnd(TrainedModel.EpochMetrics m) {
                int epoch = m.epoch();
                double loss = m.loss();
                double accuracy = m.accuracy();
            }

            @Override
            public boolean stopRequested() {
                return calls >= 3;
            }
        })).isInstanceOf(TrainingStoppedException.class).hasMessageContaining("epoch 1");
    }

    @Test
    void repeatedTrainingsDoNotGrowNativeMemory() throws Exception {
        for (int i = 0; i < 3; i++) {
            MnistTraining.train(DATA, config(ModelType.LINEAR, 1, i), TrainingListener.NONE);
        }
        long baseline = rssKb();
        for (int i = 0; i < 8; i++) {
            MnistTraining.train(DATA, config(ModelType.LINEAR, 1, i), TrainingListener.NONE);
        }
        System.gc();
        long growthMb = (rssKb() - baseline) / 1024;
        assertThat(growthMb).as("RSS growth over 8 trainings, MB").isLessThan(64);
    }

    private static void assertPredictionsMatch(TrainedModel trained, Path export) {
        int n = DATA.testCount();
        float[] pixels = new float[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (DATA.testImages()[i] & 0xff) / 255f;
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
             TFloat32 images = TFloat32.tensorOf(Shape.of(n, 28, 28), DataBuffers.of(pixels, true, false));
             org.tensorflow.Result out = bundle.function("serving_default").call(Map.of("images", images))) {
            {
                TFloat32 probabilities = (TFloat32) out.get("probabilities").orElseThrow();
                float[] served = new float[n * 10];
                probabilities.copyTo(DataBuffers.of(served, false, false));
                for (int i = 0; i < served.length; i++) {
                    assertThat(served[i]).isCloseTo(trained.testProbabilities()[i],
                            org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
        }
    }

    private static long rssKb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
