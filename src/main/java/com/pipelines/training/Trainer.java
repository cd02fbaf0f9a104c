package com.pipelines.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Trains a model with TensorFlow in-process and evaluates it on the test set. Every graph, session, tensor and
 * result is closed before it returns, so repeated trainings do not grow native memory. Deterministic for a seed:
 * the initial weights and every epoch's shuffle come from one seeded {@link Random}.
 */
final class Trainer {

    private static final int EVAL_BATCH = 2000;

    TrainedModel train(MnistData data, TrainingConfig config, TrainingListener listener) {
        Random random = new Random(config.seed());
        int n = data.trainCount();
        int stepsPerEpoch = (n + config.batchSize() - 1) / config.batchSize();
        int unroll = Math.max(1, Math.min(config.unroll(), stepsPerEpoch));
        ConfigProto threads = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(config.intraOpThreads())
                .setInterOpParallelismThreads(config.interOpThreads())
                .build();
        try (Graph graph = new Graph()) {
            TrainingGraph g = new TrainingGraph(graph, config.model(), n, config.batchSize(), config.learningRate(),
                    unroll);
            try (Session session = new Session(graph, threads)) {
                initialise(session, g, data, config.model(), random);
                List<TrainedModel.EpochMetrics> history = new ArrayList<>();
                long started = System.nanoTime();
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    startEpoch(session, g, shuffled(n, random));
                    long epochStart = System.nanoTime();
                    int done = 0;
                    while (done < stepsPerEpoch) {
                        if (listener.stopRequested()) {
                            throw new TrainingStoppedException(epoch, done);
                        }
                        if (stepsPerEpoch - done >= unroll) {
                            session.run(g.trainSteps);
                            done += unroll;
                        } else {
                            session.run(g.trainOneStep);
                            done++;
                        }
                        long now = System.nanoTime();
                        double epochSeconds = Math.max((now - epochStart) / 1e9, 1e-9);
                        long stepsDone = (long) (epoch - 1) * stepsPerEpoch + done;
                        long stepsLeft = (long) config.epochs() * stepsPerEpoch - stepsDone;
                        double eta = (now - started) / 1e9 / stepsDone * stepsLeft;
                        listener.onProgress(epoch, done, stepsPerEpoch,
                                Math.min((long) done * config.batchSize(), n) / epochSeconds, eta);
                    }
                    float[] sums = fetchScalars(session, g.lossSum, g.correctSum);
                    TrainedModel.EpochMetrics metrics = new TrainedModel.EpochMetrics(epoch, sums[0] / n, sums[1] / n);
                    history.add(metrics);
                    listener.onEpochEnd(epoch, metrics.loss(), metrics.accuracy());
                }
                double trainSeconds = (System.nanoTime() - started) / 1e9;
                List<float[]> weights = fetchWeights(session, g);
                return evaluate(session, g, data, config.model(), weights, trainSeconds, history);
            }
        }
    }

    private static void initialise(Session session, TrainingGraph g, MnistData data, ModelType model, Random random) {
        try (TUint8 images = TUint8.tensorOf(Shape.of(data.trainCount(), MnistData.PIXELS),
                DataBuffers.of(data.trainImages(), true, false));
             TInt32 labels = TInt32.vectorOf(toInts(data.trainLabels()))) {
            session.runner().feed(g.imagesIn, images).feed(g.labelsIn, labels).addTarget(g.loadData).run().close();
        }
        Session.Runner runner = session.runner();
        List<TFloat32> initial = new ArrayList<>();
        try {
            for (int i = 0; i < model.weights().size(); i++) {
                ModelType.WeightSpec spec = model.weights().get(i);
                TFloat32 tensor = TFloat32.tensorOf(Shape.of(spec.shape()),
                        DataBuffers.of(spec.initialValues(random), true, false));
                initial.add(tensor);
                runner.feed(g.weightsIn.get(i), tensor);
            }
            runner.addTarget(g.initOptimizer).run().close();
        } finally {
            initial.forEach(TFloat32::close);
        }
    }

    private static void startEpoch(Session session, TrainingGraph g, int[] order) {
        try (TInt32 indices = TInt32.vectorOf(order)) {
            session.runner().feed(g.orderIn, indices).addTarget(g.startEpoch).run().close();
        }
    }

    private static TrainedModel evaluate(Session session, TrainingGraph g, MnistData data, ModelType model,
                                         List<float[]> weights, double trainSeconds,
                                         List<TrainedModel.EpochMetrics> history) {
        int n = data.testCount();
        float[] probabilities = new float[n * MnistData.CLASSES];
        double lossSum = 0;
        double correct = 0;
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int count = Math.min(EVAL_BATCH, n - from);
            byte[] images = java.util.Arrays.copyOfRange(data.testImages(), from * MnistData.PIXELS,
                    (from + count) * MnistData.PIXELS);
            byte[] labels = java.util.Arrays.copyOfRange(data.testLabels(), from, from + count);
            try (TUint8 x = TUint8.tensorOf(Shape.of(count, MnistData.PIXELS), DataBuffers.of(images, true, false));
                 TInt32 y = TInt32.vectorOf(toInts(labels));
                 Result result = session.runner().feed(g.evalImages, x).feed(g.evalLabels, y)
                         .fetch(g.evalProbabilities).fetch(g.evalLossSum).fetch(g.evalCorrect).run()) {
                ((TFloat32) result.get(0)).copyTo(DataBuffers.of(probabilities, false, false)
                        .offset((long) from * MnistData.CLASSES));
                lossSum += ((TFloat32) result.get(1)).getFloat();
                correct += ((TFloat32) result.get(2)).getFloat();
            }
        }
        return new TrainedModel(model, weights, probabilities, lossSum / n, correct / n, trainSeconds, history);
    }

    private static List<float[]> fetchWeights(Session session, TrainingGraph g) {
        Session.Runner runner = session.runner();
        g.weights.forEach(runner::fetch);
        List<float[]> values = new ArrayList<>();
        try (Result result = runner.run()) {
            for (int i = 0; i < g.weights.size(); i++) {
                TFloat32 tensor = (TFloat32) result.get(i);
                float[] array = new float[(int) tensor.size()];
                tensor.copyTo(DataBuffers.of(array, false, false));
                values.add(array);
            }
        }
        return values;
    }

    private static float[] fetchScalars(Session session, org.tensorflow.Operand<TFloat32> a,
                                        org.tensorflow.Operand<TFloat32> b) {
        try (Result result = session.runner().fetch(a).fetch(b).run()) {
            return new float[] {((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1)).getFloat()};
        }
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    static int[] toInts(byte[] labels) {
        int[] ints = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            ints[i] = labels[i];
        }
        return ints;
    }
}
