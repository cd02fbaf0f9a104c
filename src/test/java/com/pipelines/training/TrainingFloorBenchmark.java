package com.pipelines.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The training FLOP-floor benchmark (bench/training-floor.sh). The floor of a training is the time TensorFlow Java
 * needs for the arithmetic alone: every train step's matrix products (and, for the CNN, its convolution and the
 * convolution's filter gradient) of exactly the training's shapes, chained in one graph as the trainer chains its
 * steps, with nothing else — no batch gather, softmax, loss, Adam update or bookkeeping. Each round times that
 * floor and then a real 3-epoch training on the full Fashion-MNIST with the same thread settings, side by side, and
 * prints the ratio. It also times a second floor, the products plus the optimizer's own arithmetic — TF's ApplyAdam
 * kernel on each weight the products' gradients update, as the trainer applies it — to show how much of the gap
 * above the products is the optimizer's per-weight square root and division rather than the training's plumbing.
 * It also prints the machine's best matmul rate (a 1024³ product) and the floor that rate would give, to show how far
 * the training's small shapes are from it.
 * Arguments: modelType [rounds (seeds 42, 43…)] [epochs] [intraOpThreads].
 */
public final class TrainingFloorBenchmark {

    private static final int BATCH = 32;
    /** As the service chains them (pipelines.training.unroll). */
    private static final int UNROLL = 10;

    public static void main(String[] args) throws Exception {
        ModelType model = ModelType.fromParameter(args.length > 0 ? args[0] : "linear");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int intra = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        MnistData data = TrainingBenchmark.fashionMnist();
        int steps = epochs * ((data.trainCount() + BATCH - 1) / BATCH);
        double flops = (double) steps * stepFlops(model);
        double peak = peakGflops(intra);
        System.out.printf("%s: %d steps of batch %d, %.1f GFLOP of matmul/conv arithmetic; best matmul rate here "
                        + "%.1f GFLOP/s (%d intra-op thread(s)) -> %.2f s at that rate%n", model.displayName(),
                steps, BATCH, flops / 1e9, peak, intra, flops / 1e9 / peak);
        List<Double> ratios = new ArrayList<>();
        List<Double> withAdam = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double floor = floorSeconds(model, steps, intra, false);
            double adamFloor = floorSeconds(model, steps, intra, true);
            MnistTraining.Legacy config = MnistTraining.config(model, epochs, BATCH, 0.001f, 41 + round,
UNROLL, intra, 1);
            TrainedModel trained = MnistTraining.train(data, config, TrainingListener.NONE);
            double ratio = trained.trainSeconds() / floor;
            ratios.add(ratio);
            withAdam.add(trained.trainSeconds() / adamFloor);
            System.out.printf("round %d: floor %.2f s (%.1f GFLOP/s), training loop %.2f s -> %.2fx the floor; "
                            + "products + Adam's update %.2f s -> %.2fx; test acc %.2f %% (seed %d)%n", round, floor,
                    flops / 1e9 / floor, trained.trainSeconds(), ratio, adamFloor, trained.trainSeconds() / adamFloor,
                    trained.testAccuracy() * 100, 41 + round);
        }
        Collections.sort(ratios);
        Collections.sort(withAdam);
        System.out.printf("%s median over %d rounds: training = %.2fx its FLOP floor (target <= 1.5x); %.2fx the "
                + "products plus Adam's update%n", model.displayName(), rounds, ratios.get(ratios.size() / 2),
                withAdam.get(withAdam.size() / 2));
    }

    /** FLOPs of one train step's products: forward, weight gradients, and input gradients where a layer needs them. */
    static double stepFlops(ModelType model) {
        if (model == ModelType.CNN) {
            double conv = 2.0 * BATCH * 26 * 26 * 32 * 9;
            return 2 * conv + 3 * matmul(BATCH, 5408, 128) + 3 * matmul(BATCH, 128, 10);
        }
        return 2 * matmul(BATCH, 784, 128) + 3 * matmul(BATCH, 128, 10);
    }

    private static double matmul(int m, int k, int n) {
        return 2.0 * m * k * n;
    }

    static double floorSeconds(ModelType model, int steps, int intra, boolean adam) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            FloorStep step = model == ModelType.CNN ? new CnnFloor(tf, adam) : new DenseFloor(tf, adam);
            Op last = null;
            for (int i = 0; i < UNROLL; i++) {
                last = step.build(last == null ? tf : tf.withControlDependencies(List.of(last)));
            }
            try (Session session = new Session(graph, threads(intra))) {
                step.initialise(session);
                session.run(last);
                long start = System.nanoTime();
                for (int done = 0; done < steps; done += UNROLL) {
                    session.run(last);
                }
                return (System.nanoTime() - start) / 1e9;
            }
        }
    }

    static double peakGflops(int intra) {
        int size = 1024;
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Variable<TFloat32> a = tf.variable(Shape.of(size, size), TFloat32.class);
            Op init = tf.assign(a, tf.random.randomUniform(tf.constant(new int[] {size, size}), TFloat32.class));
            Variable<TFloat32> sink = tf.variable(Shape.of(size, size), TFloat32.class);
            Op product = tf.assign(sink, tf.linalg.matMul(a, a));
            try (Session session = new Session(graph, threads(intra))) {
                session.run(init);
                session.run(product);
                double best = 0;
                for (int i = 0; i < 10; i++) {
                    long start = System.nanoTime();
                    session.run(product);
                    best = Math.max(best, 2.0 * size * size * size / (System.nanoTime() - start));
                }
                return best;
            }
        }
    }

    private static ConfigProto threads(int intra) {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(intra).setInterOpParallelismThreads(1).build();
    }

    private interface FloorStep {
        Op build(Ops scope);

        void initialise(Session session);
    }

    private abstract static class Floor implements FloorStep {
        final Ops tf;
        private final boolean adam;
        private final List<Op> init = new ArrayList<>();
        private final java.util.Map<Variable<TFloat32>, List<Variable<TFloat32>>> moments = new java.util.HashMap<>();

        Floor(Ops tf, boolean adam) {
            this.tf = tf;
            this.adam = adam;
        }

        Variable<TFloat32> random(long... shape) {
            Variable<TFloat32> variable = tf.variable(Shape.of(shape), TFloat32.class);
            init.add(tf.assign(variable, tf.random.randomUniform(tf.constant(shape), TFloat32.class)));
            return variable;
        }

        @Override
        public void initialise(Session session) {
            session.run(tf.withControlDependencies(init).noOp());
        }

        /**
         * A product whose result is kept: assigned to a variable of its own (Assign takes over the result's buffer,
         * it does not copy), as the trainer's Adam update consumes its gradients — an unused result would be pruned.
         */
        Op product(Ops scope, Operand<TFloat32> a, Operand<TFloat32> b, boolean ta, boolean tb) {
            return kept(scope, scope.linalg.matMul(a, b, MatMul.transposeA(ta).transposeB(tb)));
        }

        Op kept(Ops scope, Operand<TFloat32> result) {
            return scope.assign(tf.variable(result.shape(), TFloat32.class), result);
        }

        /** A weight's gradient: kept, or with {@code adam} consumed by TF's ApplyAdam on the weight, as trained. */
        Op gradient(Ops scope, Variable<TFloat32> weight, Operand<TFloat32> gradient) {
            if (!adam) {
                return kept(scope, gradient);
            }
            List<Variable<TFloat32>> moments = this.moments.computeIfAbsent(weight, w -> {
                long[] shape = w.shape().asArray();
                return List.of(random(shape), random(shape));
            });
            return scope.train.applyAdam(weight, moments.get(0), moments.get(1), tf.constant(0.9f),
                    tf.constant(0.999f), tf.constant(0.001f), tf.constant(0.9f), tf.constant(0.999f),
                    tf.constant(1e-7f), gradient);
        }

        /** Forward, weight gradient and (when {@code input}) input gradient of one dense layer. */
        List<Op> dense(Ops scope, Operand<TFloat32> x, Variable<TFloat32> w, Operand<TFloat32> dy, boolean input) {
            List<Op> ops = new ArrayList<>(List.of(product(scope, x, w, false, false),
                    gradient(scope, w, scope.linalg.matMul(x, dy, MatMul.transposeA(true)))));
            if (input) {
                ops.add(product(scope, dy, w, false, true));
            }
            return ops;
        }
    }

    /** Flatten → Dense 128 → Dense 10 on a batch of 784 features. */
    private static final class DenseFloor extends Floor {
        private final Variable<TFloat32> x = random(BATCH, 784);
        private final Variable<TFloat32> w1 = random(784, 128);
        private final Variable<TFloat32> h = random(BATCH, 128);
        private final Variable<TFloat32> w2 = random(128, 10);
        private final Variable<TFloat32> dLogits = random(BATCH, 10);
        private final Variable<TFloat32> dh = random(BATCH, 128);

        DenseFloor(Ops tf, boolean adam) {
            super(tf, adam);
        }

        @Override
        public Op build(Ops scope) {
            List<Op> ops = new ArrayList<>(dense(scope, x, w1, dh, false));
            ops.addAll(dense(scope, h, w2, dLogits, true));
            return tf.withControlDependencies(ops).noOp();
        }
    }

    /** Conv 3×3×32 (valid) → [pool] → Dense 128 → Dense 10 on a batch of 28×28×1 images. */
    private static final class CnnFloor extends Floor {
        private final Variable<TFloat32> images = random(BATCH, 28, 28, 1);
        private final Variable<TFloat32> kernel = random(3, 3, 1, 32);
        private final Variable<TFloat32> dConv = random(BATCH, 26, 26, 32);
        private final Variable<TFloat32> pooled = random(BATCH, 5408);
        private final Variable<TFloat32> w1 = random(5408, 128);
        private final Variable<TFloat32> dh = random(BATCH, 128);
        private final Variable<TFloat32> h = random(BATCH, 128);
        private final Variable<TFloat32> w2 = random(128, 10);
        private final Variable<TFloat32> dLogits = random(BATCH, 10);

        CnnFloor(Ops tf, boolean adam) {
            super(tf, adam);
        }

        @Override
        public Op build(Ops scope) {
            List<Op> ops = new ArrayList<>();
            ops.add(kept(scope, scope.nn.conv2d(images, kernel, List.of(1L, 1L, 1L, 1L), "VALID")));
            ops.add(gradient(scope, kernel, scope.nn.conv2dBackpropFilter(images, tf.constant(new int[] {3, 3, 1, 32}),
                    dConv, List.of(1L, 1L, 1L, 1L), "VALID")));
            ops.addAll(dense(scope, pooled, w1, dh, true));
            ops.addAll(dense(scope, h, w2, dLogits, true));
            return tf.withControlDependencies(ops).noOp();
        }
    }
}
