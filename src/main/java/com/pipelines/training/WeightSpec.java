package com.pipelines.training;

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
