package com.pipelines.training;

import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.PreparedDataset;

/** Trains on MNIST-shaped bytes as the seed did (all train images, the test files), through today's trainer. */
final class MnistTraining {

    record Legacy(ModelType model, TrainingConfig config) {
    }

    private MnistTraining() {
    }

    static Legacy config(ModelType model, int epochs, int batchSize, float learningRate, long seed, int unroll,
                         int intra, int inter) {
        return new Legacy(model, new TrainingConfig(epochs, batchSize, learningRate, seed, unroll, intra, inter, 0));
    }

    static TrainedModel train(MnistData data, Legacy legacy, TrainingListener listener) {
        return train(data, legacy, listener, new Trainer());
    }

    static TrainedModel train(MnistData data, Legacy legacy, TrainingListener listener, Trainer trainer) {
        DatasetSchema schema = DatasetSchema.mnistLike();
        Network network = new Network(legacy.model(), schema, Network.SEED_HIDDEN, 0, legacy.config().seed());
        PreparedDataset.Part train = new PreparedDataset.Part(schema, data.trainImages(), null,
                Trainer.toInts(data.trainLabels()));
        PreparedDataset.Part test = new PreparedDataset.Part(schema, data.testImages(), null,
                Trainer.toInts(data.testLabels()));
        PreparedDataset.Part none = train.limit(0);
        return trainer.train(network, train, none, test, legacy.config(), listener);
    }
}
