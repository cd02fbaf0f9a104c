package com.pipelines.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.proto.RewriterConfig.Toggle;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;
import com.pipelines.datasets.PreparedDataset;

/**
 * Trains a model with TensorFlow in-process and evaluates it on the test set. Every graph, session, tensor and
 * result is closed before it returns, so repeated trainings do not grow native memory. Deterministic for a seed:
 * the initial weights and every epoch's shuffle come from one seeded {@link Random}.
 */
final class Trainer {

    private static final int EVAL_BATCH = 2000;

    private final Function<TrainingConfig, ConfigProto> sessionConfig;

    Trainer() {
        this(Trainer::sessionConfig);
    }

    /** With other session settings: tests compare trainings under TensorFlow's default graph rewrites. */
    Trainer(Function<TrainingConfig, ConfigProto> sessionConfig) {
        this.sessionConfig = sessionConfig;
    }

    /** Evaluation of a split: probabilities per row, mean loss, accuracy. */
    record Evaluation(float[] probabilities, double loss, double accuracy) {
    }

    TrainedModel train(Network network, PreparedDataset.Part train, PreparedDataset.Part validation,
                       PreparedDataset.Part test, TrainingConfig config, TrainingListener listener) {
        Random random = new Random(config.seed());
        int n = train.count();
        int stepsPerEpoch = (n + config.batchSize() - 1) / config.batchSize();
        // chained steps run on whole batches only, so a chain is no longer than an epoch's whole batches
        int unroll = Math.max(1, Math.min(config.unroll(), n / config.batchSize()));
        try (Graph graph = new Graph()) {
            TrainingGraph g = new TrainingGraph(graph, network, n, config.batchSize(), config.learningRate(), unroll);
            try (Session session = new Session(graph, sessionConfig.apply(config))) {
                initialise(session, g, train, network, random);
                Arrangement arrangement = new Arrangement(n);
                List<TrainedModel.EpochMetrics> history = new ArrayList<>();
                List<float[]> best = null;
                int bestEpoch = 0;
                double bestLoss = Double.POSITIVE_INFINITY;
                long started = System.nanoTime();
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    startEpoch(session, g, arrangement.moveTo(shuffled(n, random)));
                    long epochStart = System.nanoTime();
                    int done = 0;
                    while (done < stepsPerEpoch) {
                        if (listener.stopRequested()) {
                            throw new TrainingStoppedException(epoch, done);
                        }
                        if ((long) (done + unroll) * config.batchSize() <= n) {
                            // whole batches only: the chained steps take their batch's size as a constant
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
                    Evaluation checked = validation.count() == 0 ? null
                            : evaluate(session, g, validation, network.schema().classes());
                    TrainedModel.EpochMetrics metrics = new TrainedModel.EpochMetrics(epoch, sums[0] / n,
                            sums[1] / n, checked == null ? null : checked.loss(),
                            checked == null ? null : checked.accuracy());
                    history.add(metrics);
                    listener.onEpochEnd(metrics);
                    if (config.patience() > 0 && checked != null) {
                        if (checked.loss() < bestLoss) {
                            bestLoss = checked.loss();
                            bestEpoch = epoch;
                            best = fetchWeights(session, g);
                        } else if (epoch - bestEpoch >= config.patience()) {
                            listener.onEarlyStop(epoch, bestEpoch);
                            break;
                        }
                    }
                }
                double trainSeconds = (System.nanoTime() - started) / 1e9;
                if (best != null && bestEpoch != history.size()) {
                    restore(session, g, best);
                }
                List<float[]> weights = fetchWeights(session, g);
                Evaluation evaluation = evaluate(session, g, test, network.schema().classes());
                return new TrainedModel(network, weights, evaluation.probabilities(), evaluation.loss(),
                        evaluation.accuracy(), trainSeconds, history, bestEpoch == 0 ? history.size() : bestEpoch);
            }
        }
    }

    /**
     * Threads as configured, and of TensorFlow's graph rewrites (Grappler) only constant folding. The others rewrite
     * the chained-steps graph on its first call for ~100 ms of the linear model's ~1.5 s training and make no step
     * faster (measured side by side: linear median 1.59 → 1.45 s, CNN unchanged, every per-seed accuracy bit for bit
     * the same); constant folding stays because without it the per-seed accuracies change.
     */
    static ConfigProto sessionConfig(TrainingConfig config) {
        RewriterConfig rewrites = RewriterConfig.newBuilder()
                .setArithmeticOptimization(Toggle.OFF).setLayoutOptimizer(Toggle.OFF).setRemapping(Toggle.OFF)
                .setDependencyOptimization(Toggle.OFF).setLoopOptimization(Toggle.OFF)
                .setShapeOptimization(Toggle.OFF).setCommonSubgraphElimination(Toggle.OFF)
                .setFunctionOptimization(Toggle.OFF).setPinToHostOptimization(Toggle.OFF)
                .setImplementationSelector(Toggle.OFF).setDebugStripper(Toggle.OFF)
                .setScopedAllocatorOptimization(Toggle.OFF).setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT)
                .setDisableTfgOptimizer(true)
                .build();
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(config.intraOpThreads())
                .setInterOpParallelismThreads(config.interOpThreads())
                .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(rewrites))
                .build();
    }

    private static void initialise(Session session, TrainingGraph g, PreparedDataset.Part train, Network network,
                                   Random random) {
        int width = network.schema().width();
        try (TType data = train.pixels() != null
                ? TUint8.tensorOf(Shape.of(train.count(), width), DataBuffers.of(train.pixels(), true, false))
                : TFloat32.tensorOf(Shape.of(train.count(), width), DataBuffers.of(train.values(), true, false));
             TInt32 labels = TInt32.vectorOf(train.labels())) {
            session.runner().feed(g.dataIn, data).feed(g.labelsIn, labels).addTarget(g.loadData).run().close();
        }
        Session.Runner runner = session.runner();
        List<TFloat32> initial = new ArrayList<>();
        try {
            for (int i = 0; i < network.weights().size(); i++) {
                WeightSpec spec = network.weights().get(i);
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

    private static void restore(Session session, TrainingGraph g, List<float[]> weights) {
        Session.Runner runner = session.runner();
        List<TFloat32> tensors = new ArrayList<>();
        try {
            for (int i = 0; i < weights.size(); i++) {
                TFloat32 tensor = TFloat32.tensorOf(g.weights.get(i).shape(), DataBuffers.of(weights.get(i), true,
                        false));
                tensors.add(tensor);
                runner.feed(g.weightsIn.get(i), tensor);
            }
            runner.addTarget(g.restoreWeights).run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    /** Reorders the graph's examples by {@code reorder}: position i takes the example now at reorder[i]. */
    private static void startEpoch(Session session, TrainingGraph g, int[] reorder) {
        try (TInt32 indices = TInt32.vectorOf(reorder)) {
            session.runner().feed(g.reorderIn, indices).addTarget(g.startEpoch).run().close();
        }
    }

    private static Evaluation evaluate(Session session, TrainingGraph g, PreparedDataset.Part part, int classes) {
        int n = part.count();
        int width = part.schema().width();
        float[] probabilities = new float[n * classes];
        double lossSum = 0;
        double correct = 0;
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int count = Math.min(EVAL_BATCH, n - from);
            int[] labels = java.util.Arrays.copyOfRange(part.labels(), from, from + count);
            try (TType x = part.pixels() != null
                    ? TUint8.tensorOf(Shape.of(count, width), DataBuffers.of(
                            java.util.Arrays.copyOfRange(part.pixels(), from * width, (from + count) * width), true, false))
                    : TFloat32.tensorOf(Shape.of(count, width), DataBuffers.of(
                            java.util.Arrays.copyOfRange(part.values(), from * width, (from + count) * width), true, false));
                 TInt32 y = TInt32.vectorOf(labels);
                 Result result = session.runner().feed(g.evalInputs, x).feed(g.evalLabels, y)
                         .fetch(g.evalProbabilities).fetch(g.evalLossSum).fetch(g.evalCorrect).run()) {
                ((TFloat32) result.get(0)).copyTo(DataBuffers.of(probabilities, false, false)
                        .offset((long) from * classes));
                lossSum += ((TFloat32) result.get(1)).getFloat();
                correct += ((TFloat32) result.get(2)).getFloat();
            }
        }
        return new Evaluation(probabilities, n == 0 ? 0 : lossSum / n, n == 0 ? 0 : correct / n);
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

    /**
     * Where each example sits in the graph: the graph keeps its examples in the last epoch's order, so the next
     * epoch's order (of original indices) is fed as positions in the current one.
     */
    static final class Arrangement {
        private final int[] positionOf;

        Arrangement(int n) {
            positionOf = new int[n];
            for (int i = 0; i < n; i++) {
                positionOf[i] = i;
            }
        }

        int[] moveTo(int[] order) {
            int[] reorder = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                reorder[i] = positionOf[order[i]];
            }
            for (int i = 0; i < order.length; i++) {
                positionOf[order[i]] = i;
            }
            return reorder;
        }
    }

    static int[] toInts(byte[] labels) {
        int[] ints = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            ints[i] = labels[i];
        }
        return ints;
    }
}
