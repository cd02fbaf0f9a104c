package com.pipelines.training;

import java.util.ArrayList;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The training graph. The whole training set lives in graph variables; each epoch feeds one shuffled index order,
 * and each train step gathers its batch by an in-graph cursor, so a step needs no feed and no fetch. Steps are
 * chained {@code unroll} at a time by control dependencies, so one session call runs many steps. Adam is TF's own
 * ApplyAdam kernel (Keras' update rule) applied only once every gradient of the step is computed, so no update
 * races a gradient that still reads the old weights. The loss is softmax cross-entropy on one-hot labels: the same
 * value as sparse categorical cross-entropy, with a gradient TF Java can build.
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
    final Placeholder<TInt32> orderIn;
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
    private final int classes;
    private final Graph graph;
    private final int batchSize;
    private final int examples;
    private final Variable<?> data;
    private final Variable<TInt32> labels;
    private final Variable<TInt32> order;
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
        this.classes = model.schema().classes();
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

        orderIn = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(examples)));
        order = tf.variable(Shape.of(examples), TInt32.class);
        cursor = tf.variable(Shape.scalar(), TInt32.class);
        lossSum = tf.variable(Shape.scalar(), TFloat32.class);
        correctSum = tf.variable(Shape.scalar(), TFloat32.class);
        startEpoch = group(List.of(tf.assign(order, orderIn), tf.assign(cursor, tf.constant(0)),
                tf.assign(lossSum, tf.constant(0f)), tf.assign(correctSum, tf.constant(0f))));

        Op last = null;
        for (int i = 0; i < unroll; i++) {
            last = trainStep(last, i);
        }
        trainSteps = last;
        trainOneStep = trainStep(null, unroll);

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
        evalLossSum = tf.sum(crossEntropy(evalLogits, evalLabels), tf.constant(0));
        evalCorrect = correct(evalLogits, evalLabels);
    }

    /** One train step, starting after {@code previous} has finished; returns the op that ends it. */
    @SuppressWarnings("unchecked")
    private Op trainStep(Op previous, int stream) {
        Ops scope = previous == null ? tf : tf.withControlDependencies(List.of(previous));
        Operand<TInt32> start = scope.math.mul(scope.identity(cursor), tf.constant(batchSize));
        Operand<TInt32> size = tf.math.minimum(tf.constant(batchSize), tf.math.sub(tf.constant(examples), start));
        Operand<TInt32> batch = tf.slice(order, tf.reshape(start, tf.constant(new int[] {1})),
                tf.reshape(size, tf.constant(new int[] {1})));
        Operand<TFloat32> x = pixels ? scale(tf.gather((Variable<TUint8>) data, batch, tf.constant(0)))
                : tf.gather((Variable<TFloat32>) data, batch, tf.constant(0));
        Operand<TInt32> y = tf.gather(labels, batch, tf.constant(0));
        Operand<TFloat32> logits = model.logits(tf, x, weights, true, stream);
        Operand<TFloat32> losses = crossEntropy(logits, y);
        Operand<TFloat32> loss = tf.math.mean(losses, tf.constant(0));

        Output<?>[] variables = weights.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
        Output<?>[] gradients = graph.addGradients(loss.asOutput(), variables);
        List<Op> computed = new ArrayList<>();
        List<Operand<TFloat32>> grads = new ArrayList<>();
        for (Output<?> gradient : gradients) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> g = tf.identity((Operand<TFloat32>) gradient);
            grads.add(g);
            computed.add((Op) g);
        }
        Ops afterGradients = tf.withControlDependencies(computed);
        List<Op> updates = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            updates.add(afterGradients.train.applyAdam(weights.get(i), firstMoments.get(i), secondMoments.get(i),
                    beta1Power, beta2Power, learningRate, tf.constant(BETA1), tf.constant(BETA2),
                    tf.constant(EPSILON), grads.get(i)));
        }
        updates.add(tf.assignAdd(lossSum, tf.sum(losses, tf.constant(0))));
        updates.add(tf.assignAdd(correctSum, correct(logits, y)));
        Ops afterUpdates = tf.withControlDependencies(updates);
        return group(List.of(
                afterUpdates.assignAdd(cursor, tf.constant(1)),
                afterUpdates.assign(beta1Power, afterUpdates.math.mul(beta1Power, tf.constant(BETA1))),
                afterUpdates.assign(beta2Power, afterUpdates.math.mul(beta2Power, tf.constant(BETA2)))));
    }

    private Operand<TFloat32> scale(Operand<TUint8> pixels) {
        return tf.math.div(tf.dtypes.cast(pixels, TFloat32.class), tf.constant(255f));
    }

    private Operand<TFloat32> crossEntropy(Operand<TFloat32> logits, Operand<TInt32> labels) {
        Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
        return tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();
    }

    private Operand<TFloat32> correct(Operand<TFloat32> logits, Operand<TInt32> labels) {
        Operand<TInt32> predicted = tf.math.argMax(logits, tf.constant(1), TInt32.class);
        return tf.sum(tf.dtypes.cast(tf.math.equal(predicted, labels), TFloat32.class), tf.constant(0));
    }

    private Op group(List<Op> ops) {
        return tf.withControlDependencies(ops).noOp();
    }
}
