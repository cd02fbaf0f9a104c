package com.pipelines.training;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The training graph. The whole training set lives in graph variables. Each epoch feeds one permutation and the
 * examples are reordered in the graph, so a batch is a contiguous slice (random rows cost a memory miss each, and
 * 1,875 batches an epoch of 32 scattered rows cost more than one reordering). Train steps are chained {@code unroll}
 * at a time in one session call: every batch of the call is sliced from one read of the cursor, which moves once,
 * after the last step; each step's layers wait, through their input, for the step before to have updated every
 * weight. Adam is TF's own ApplyAdam kernel (Keras' update rule) applied only once every gradient of the step is
 * computed, so no update races a gradient that still reads the old weights. The loss is sparse softmax
 * cross-entropy, whose kernel also returns the gradient with respect to the logits; the backward pass starts from
 * there, so no op is spent differentiating the loss.
 */
final class TrainingGraph {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-7f;

    final Placeholder<?> dataIn;
    final Placeholder<TInt32> labelsIn;
    final Op loadData;
    final List<Placeholder<TFloat32>> weightsIn = new ArrayList<>();
    final List<Variable<TFloat32>> weights = new ArrayList<>();
    final Op initOptimizer;
    final Op restoreWeights;
    final Placeholder<TInt32> reorderIn;
    final Op startEpoch;
    final Op trainSteps;
    final Op trainOneStep;
    final Variable<TFloat32> lossSum;
    final Variable<TFloat32> correctSum;
    final Placeholder<?> evalInputs;
    final Placeholder<TInt32> evalLabels;
    final Operand<TFloat32> evalProbabilities;
    final Operand<TFloat32> evalLossSum;
    final Operand<TFloat32> evalCorrect;

    private final Ops tf;
    private final Network model;
    private final boolean pixels;
    private final Graph graph;
    private final int batchSize;
    private final int examples;
    private final Variable<?> data;
    private final Variable<TInt32> labels;
    private final Variable<TInt32> cursor;
    private final List<Variable<TFloat32>> firstMoments = new ArrayList<>();
    private final List<Variable<TFloat32>> secondMoments = new ArrayList<>();
    private final Variable<TFloat32> beta1Power;
    private final Variable<TFloat32> beta2Power;
    private final Operand<TFloat32> learningRate;

    TrainingGraph(Graph graph, Network model, int examples, int batchSize, float learningRate, int unroll) {
        this.graph = graph;
        this.tf = Ops.create(graph);
        this.model = model;
        this.pixels = model.schema().isImageKind();
        int width = model.schema().width();
        this.examples = examples;
        this.batchSize = batchSize;
        this.learningRate = tf.constant(learningRate);

        labelsIn = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(examples)));
        labels = tf.variable(Shape.of(examples), TInt32.class);
        Op assignData;
        if (pixels) {
            Placeholder<TUint8> in = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(examples, width)));
            Variable<TUint8> held = tf.variable(Shape.of(examples, width), TUint8.class);
            assignData = tf.assign(held, in);
            dataIn = in;
            data = held;
        } else {
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(examples, width)));
            Variable<TFloat32> held = tf.variable(Shape.of(examples, width), TFloat32.class);
            assignData = tf.assign(held, in);
            dataIn = in;
            data = held;
        }
        loadData = group(List.of(assignData, tf.assign(labels, labelsIn)));

        List<Op> init = new ArrayList<>();
        List<Op> restore = new ArrayList<>();
        for (WeightSpec spec : model.weights()) {
            Shape shape = Shape.of(spec.shape());
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
            Variable<TFloat32> w = tf.variable(shape, TFloat32.class);
            Variable<TFloat32> m = tf.variable(shape, TFloat32.class);
            Variable<TFloat32> v = tf.variable(shape, TFloat32.class);
            weightsIn.add(in);
            weights.add(w);
            firstMoments.add(m);
            secondMoments.add(v);
            init.add(tf.assign(w, in));
            restore.add(tf.assign(w, in));
            init.add(tf.assign(m, tf.zeros(tf.constant(spec.shape()), TFloat32.class)));
            init.add(tf.assign(v, tf.zeros(tf.constant(spec.shape()), TFloat32.class)));
        }
        beta1Power = tf.variable(Shape.scalar(), TFloat32.class);
        beta2Power = tf.variable(Shape.scalar(), TFloat32.class);
        init.add(tf.assign(beta1Power, tf.constant(BETA1)));
        init.add(tf.assign(beta2Power, tf.constant(BETA2)));
        initOptimizer = group(init);
        restoreWeights = group(restore);

        reorderIn = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(examples)));
        cursor = tf.variable(Shape.scalar(), TInt32.class);
        lossSum = tf.variable(Shape.scalar(), TFloat32.class);
        correctSum = tf.variable(Shape.scalar(), TFloat32.class);
        Op reorder = pixels
                ? tf.assign((Variable<TUint8>) data, tf.gather((Variable<TUint8>) data, reorderIn, tf.constant(0)))
                : tf.assign((Variable<TFloat32>) data, tf.gather((Variable<TFloat32>) data, reorderIn, tf.constant(0)));
        startEpoch = group(List.of(reorder, tf.assign(labels, tf.gather(labels, reorderIn, tf.constant(0))),
                tf.assign(cursor, tf.constant(0)), tf.assign(lossSum, tf.constant(0f)),
                tf.assign(correctSum, tf.constant(0f))));

        trainSteps = trainSteps(unroll, 0);
        trainOneStep = trainSteps(1, unroll);

        Operand<TFloat32> evalRaw;
        if (pixels) {
            Placeholder<TUint8> in = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, width)));
            evalInputs = in;
            evalRaw = scale(in);
        } else {
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, width)));
            evalInputs = in;
            evalRaw = in;
        }
        evalLabels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Operand<TFloat32> evalLogits = model.logits(tf, evalRaw, weights, false, 0);
        evalProbabilities = tf.nn.softmax(evalLogits);
        evalLossSum = tf.sum(tf.nn.sparseSoftmaxCrossEntropyWithLogits(evalLogits, evalLabels).loss(),
                tf.constant(0));
        evalCorrect = correct(evalLogits, evalLabels);
    }

    /**
     * {@code steps} train steps from the cursor on, then the cursor moved past them. The cursor is read once: each
     * step's batch comes from that one value, so no step reads it while another moves it. The chained steps are
     * only run on whole batches (the trainer runs a last, short batch alone), so their batch's size and slice bounds
     * are constants and its start one addition — six ops a step fewer than the one-step graph, which works out the
     * size of a batch that may be short.
     */
    private Op trainSteps(int steps, int firstStream) {
        Operand<TInt32> base = tf.math.mul(tf.identity(cursor), tf.constant(batchSize));
        if (steps == 1) {
            return tf.withControlDependencies(List.of(trainStep(null, anyBatch(base), firstStream)))
                    .assignAdd(cursor, tf.constant(1));
        }
        Operand<TInt32> rows = tf.reshape(base, tf.constant(new int[] {1}));
        Operand<TInt32> begin = tf.concat(List.of(rows, tf.constant(new int[] {0})), tf.constant(0));
        Op previous = null;
        for (int i = 0; i < steps; i++) {
            Batch batch = new Batch(tf.math.add(rows, tf.constant(new int[] {i * batchSize})),
                    tf.math.add(begin, tf.constant(new int[] {i * batchSize, 0})),
                    tf.constant(new int[] {batchSize}), tf.constant(new int[] {batchSize, -1}),
                    tf.constant((float) batchSize));
            previous = trainStep(previous, batch, firstStream + i);
        }
        return tf.withControlDependencies(List.of(previous)).assignAdd(cursor, tf.constant(steps));
    }

    /**
     * Where a step's batch lies, as its slices take it: {@code rows} = {@code [start]} and {@code count} = {@code [n]}
     * for the labels, {@code begin} = {@code [start, 0]} and {@code extent} = {@code [n, -1]} for the examples, and
     * {@code size} = n as a float, the loss's divisor.
     */
    private record Batch(Operand<TInt32> rows, Operand<TInt32> begin, Operand<TInt32> count,
                         Operand<TInt32> extent, Operand<TFloat32> size) {
    }

    /** The batch at {@code start}, short when fewer than a batch of examples are left. */
    private Batch anyBatch(Operand<TInt32> start) {
        Operand<TInt32> size = tf.math.minimum(tf.constant(batchSize), tf.math.sub(tf.constant(examples), start));
        Operand<TInt32> rows = tf.reshape(start, tf.constant(new int[] {1}));
        Operand<TInt32> count = tf.reshape(size, tf.constant(new int[] {1}));
        return new Batch(rows, tf.concat(List.of(rows, tf.constant(new int[] {0})), tf.constant(0)), count,
                tf.concat(List.of(count, tf.constant(new int[] {-1})), tf.constant(0)),
                tf.dtypes.cast(size, TFloat32.class));
    }

    /** One train step on {@code batch}, its layers after {@code previous}; returns the op ending it. */
    @SuppressWarnings("unchecked")
    private Op trainStep(Op previous, Batch batch, int stream) {
        Operand<TFloat32> x = pixels ? scale(tf.slice((Variable<TUint8>) data, batch.begin(), batch.extent()))
                : tf.slice((Variable<TFloat32>) data, batch.begin(), batch.extent());
        Operand<TInt32> y = tf.slice(labels, batch.rows(), batch.count());
        Operand<TFloat32> features = model.encode(tf, x);
        if (previous != null) {
            features = tf.withControlDependencies(List.of(previous)).identity(features);
        }
        Operand<TFloat32> logits = model.layers(tf, features, weights, true, stream);
        SparseSoftmaxCrossEntropyWithLogits<TFloat32> loss = tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, y);
        Operand<TFloat32> dLogits = tf.math.div(loss.backprop(), batch.size());

        Output<?>[] variables = weights.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
        Output<?>[] gradients = graph.addGradients(null, new Output<?>[] {logits.asOutput()}, variables,
                new Output<?>[] {dLogits.asOutput()});
        List<Operation> computed = new ArrayList<>();
        List<Operand<TFloat32>> grads = new ArrayList<>();
        for (Output<?> gradient : gradients) {
            grads.add((Operand<TFloat32>) gradient);
            computed.add(gradient.op());
        }
        Ops afterGradients = tf.withControlDependencyOps(computed);
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            updates.add(afterGradients.train.applyAdam(weights.get(i), firstMoments.get(i), secondMoments.get(i),
                    beta1Power, beta2Power, learningRate, tf.constant(BETA1), tf.constant(BETA2),
                    tf.constant(EPSILON), grads.get(i)));
        }
        updates.add(tf.assignAdd(lossSum, tf.sum(loss.loss(), tf.constant(0))));
        updates.add(tf.assignAdd(correctSum, correct(logits, y)));
        Ops afterUpdates = tf.withControlDependencies(updates);
        return group(List.of(
                afterUpdates.assign(beta1Power, afterUpdates.math.mul(beta1Power, tf.constant(BETA1))),
                afterUpdates.assign(beta2Power, afterUpdates.math.mul(beta2Power, tf.constant(BETA2)))));
    }

    private Operand<TFloat32> scale(Operand<TUint8> pixels) {
        return tf.math.div(tf.dtypes.cast(pixels, TFloat32.class), tf.constant(255f));
    }

    private Operand<TFloat32> correct(Operand<TFloat32> logits, Operand<TInt32> labels) {
        Operand<TInt32> predicted = tf.math.argMax(logits, tf.constant(1), TInt32.class);
        return tf.sum(tf.dtypes.cast(tf.math.equal(predicted, labels), TFloat32.class), tf.constant(0));
    }

    private Op group(List<Op> ops) {
        return tf.withControlDependencies(ops).noOp();
    }
}
