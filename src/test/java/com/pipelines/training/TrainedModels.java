package com.pipelines.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.PreparedDataset;
import tools.jackson.databind.json.JsonMapper;

/** SavedModels trained and exported as a run does, for tests of other features (serving). */
public final class TrainedModels {

    /** An exported model and the raw inputs of its test split ({@code width} values per instance). */
    public record Exported(Path dir, DatasetSchema schema, float[] testInputs, int testCount) {
    }

    private TrainedModels() {
    }

    /** A model of {@code type} (linear, mlp, cnn) trained one epoch on {@code trainLimit} Fashion-MNIST images. */
    public static Exported fashionMnist(String type, int[] hidden, int trainLimit, Path dir) throws IOException {
        Path data = Path.of("/usr/share/datasets/fashion-mnist");
        DatasetSchema schema = DatasetSchema.mnistLike();
        PreparedDataset.Part train = new PreparedDataset.Part(schema,
                IdxFiles.readImages(data.resolve("train-images-idx3-ubyte.gz")), null,
                Trainer.toInts(IdxFiles.readLabels(data.resolve("train-labels-idx1-ubyte.gz")))).limit(trainLimit);
        byte[] testImages = IdxFiles.readImages(data.resolve("t10k-images-idx3-ubyte.gz"));
        PreparedDataset.Part test = new PreparedDataset.Part(schema, testImages, null,
                Trainer.toInts(IdxFiles.readLabels(data.resolve("t10k-labels-idx1-ubyte.gz"))));
        float[] inputs = new float[testImages.length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (testImages[i] & 0xff) / 255f;
        }
        Network network = new Network(ModelType.fromParameter(type), schema, hidden, 0.1f, 7);
        return export(network, train, test.limit(1000), dir, inputs, test.count());
    }

    /**
     * An mlp on a synthetic table of two numbers (with missing values) and two categoricals, three classes; the test
     * inputs include missing numbers and unseen categories (-1).
     */
    public static Exported table(Path dir) throws IOException {
        List<DatasetSchema.Feature> features = List.of(
                new DatasetSchema.Feature("age", DatasetSchema.Feature.NUMERIC, null, 40.0, 12.0),
                new DatasetSchema.Feature("colour", DatasetSchema.Feature.CATEGORICAL, List.of("red", "green", "blue"),
                        null, null),
                new DatasetSchema.Feature("income", DatasetSchema.Feature.NUMERIC, null, 5000.0, 2000.0),
                new DatasetSchema.Feature("city", DatasetSchema.Feature.CATEGORICAL, List.of("a", "b"), null, null));
        DatasetSchema schema = new DatasetSchema(DatasetSchema.TABULAR, features, null, List.of("x", "y", "z"), "k");
        Random random = new Random(3);
        int rows = 3000;
        float[] values = new float[rows * 4];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            float age = random.nextInt(12) == 0 ? Float.NaN : (float) (40 + 12 * random.nextGaussian());
            int colour = random.nextInt(4) - 1;
            float income = (float) (5000 + 2000 * random.nextGaussian());
            int city = random.nextInt(2);
            values[r * 4] = age;
            values[r * 4 + 1] = colour;
            values[r * 4 + 2] = income;
            values[r * 4 + 3] = city;
            labels[r] = colour == 2 ? 2 : (!Float.isNaN(age) && age > 40) ? 1 : 0;
        }
        PreparedDataset.Part all = new PreparedDataset.Part(schema, null, values, labels);
        Network network = new Network(ModelType.MLP, schema, new int[] {16, 8}, 0.1f, 5);
        return export(network, all.limit(2000), all, dir, values, rows);
    }

    private static Exported export(Network network, PreparedDataset.Part train, PreparedDataset.Part test, Path dir,
                                   float[] inputs, int count) throws IOException {
        TrainingConfig config = new TrainingConfig(1, 32, 0.001f, 11, 10, 1, 1, 0);
        TrainedModel trained = new Trainer().train(network, train, train.limit(0), test, config,
                TrainingListener.NONE);
        new SavedModelWriter().export(trained, dir, JsonMapper.builder().build());
        return new Exported(dir, network.schema(), inputs, count);
    }
}
