package com.pipelines.training;

import java.util.List;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The two models of the pipeline, as the seed builds them in Keras. Both take flattened 0–1 pixels [-1, 784] and
 * return logits [-1, 10] (softmax is applied by the loss, and by the exported serving graph).
 */
enum ModelType {

    /** Flatten(28×28) → Dense 128 relu → Dense 10 softmax. */
    LINEAR("linear", "LinearModel", List.of(
            WeightSpec.kernel("dense/kernel", 784, 128),
            WeightSpec.bias("dense/bias", 128),
            WeightSpec.kernel("dense_1/kernel", 128, 10),
            WeightSpec.bias("dense_1/bias", 10))),

    /** Conv 3×3×32 relu (valid) → MaxPool 2 → Flatten → Dense 128 relu → Dense 10 softmax. */
    CNN("cnn", "CNNModel", List.of(
            new WeightSpec("conv2d/kernel", new long[] {3, 3, 1, 32}, 3 * 3, 3 * 3 * 32, false),
            WeightSpec.bias("conv2d/bias", 32),
            WeightSpec.kernel("dense/kernel", 13 * 13 * 32, 128),
            WeightSpec.bias("dense/bias", 128),
            WeightSpec.kernel("dense_1/kernel", 128, 10),
            WeightSpec.bias("dense_1/bias", 10)));

    private final String parameterValue;
    private final String displayName;
    private final List<WeightSpec> weights;

    ModelType(String parameterValue, String displayName, List<WeightSpec> weights) {
        this.parameterValue = parameterValue;
        this.displayName = displayName;
        this.weights = weights;
    }

    static ModelType fromParameter(String value) {
        for (ModelType type : values()) {
            if (type.parameterValue.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown model type " + value);
    }

    /** The seed's {@code Model} metric. */
    String displayName() {
        return displayName;
    }

    List<WeightSpec> weights() {
        return weights;
    }

    Operand<TFloat32> logits(Ops tf, Operand<TFloat32> pixels, List<? extends Operand<TFloat32>> w) {
        Operand<TFloat32> features = pixels;
        int next = 0;
        if (this == CNN) {
            Operand<TFloat32> images = tf.reshape(pixels, tf.constant(new int[] {-1, 28, 28, 1}));
            Operand<TFloat32> conv = tf.nn.relu(tf.nn.biasAdd(
                    tf.nn.conv2d(images, w.get(0), List.of(1L, 1L, 1L, 1L), "VALID"), w.get(1)));
            Operand<TFloat32> pooled = tf.nn.maxPool(conv, tf.constant(new int[] {1, 2, 2, 1}),
                    tf.constant(new int[] {1, 2, 2, 1}), "VALID");
            features = tf.reshape(pooled, tf.constant(new int[] {-1, 13 * 13 * 32}));
            next = 2;
        }
        Operand<TFloat32> hidden = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(features, w.get(next)), w.get(next + 1)));
        return tf.nn.biasAdd(tf.linalg.matMul(hidden, w.get(next + 2)), w.get(next + 3));
    }

    /** A weight tensor and how Keras initialises it: Glorot uniform for kernels, zeros for biases. */
    record WeightSpec(String name, long[] shape, int fanIn, int fanOut, boolean bias) {

        static WeightSpec kernel(String name, int in, int out) {
            return new WeightSpec(name, new long[] {in, out}, in, out, false);
        }

        static WeightSpec bias(String name, int size) {
            return new WeightSpec(name, new long[] {size}, 0, 0, true);
        }

        int size() {
            long size = 1;
            for (long dim : shape) {
                size *= dim;
            }
            return (int) size;
        }

        /**
         * Keras' glorot_uniform: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)). (tensorflow-framework
         * 1.1.0's Glorot draws from U(0, limit), so it is not used.)
         */
        float[] initialValues(java.util.Random random) {
            float[] values = new float[size()];
            if (!bias) {
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((2 * random.nextDouble() - 1) * limit);
                }
            }
            return values;
        }
    }
}
