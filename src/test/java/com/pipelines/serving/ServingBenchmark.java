package com.pipelines.serving;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * In-process cost of one SavedModel call (bench/predict.sh): median and p99 of 2,000 calls for 1 and 32 instances,
 * after 1,000 warm-up calls. Argument: the SavedModel folder.
 */
public final class ServingBenchmark {

    public static void main(String[] args) {
        try (SavedModelBundle bundle = SavedModelBundle.load(args[0], "serve")) {
            SessionFunction function = bundle.function("serving_default");
            for (int batch : new int[] {1, 32}) {
                float[] pixels = new float[batch * 784];
                Random random = new Random(1);
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = random.nextFloat();
                }
                long[] nanos = new long[3000];
                for (int i = 0; i < nanos.length; i++) {
                    long start = System.nanoTime();
                    try (TFloat32 images = TFloat32.tensorOf(Shape.of(batch, 28, 28), DataBuffers.of(pixels, true, false));
                         Result result = function.call(Map.of("images", images))) {
                        float[] out = new float[batch * 10];
                        ((TFloat32) result.get("probabilities").orElseThrow()).copyTo(DataBuffers.of(out, false, false));
                    }
                    nanos[i] = System.nanoTime() - start;
                }
                long[] measured = Arrays.copyOfRange(nanos, 1000, nanos.length);
                Arrays.sort(measured);
                System.out.printf("in-process SavedModel call, %d instance(s): p50 %.3f ms, p99 %.3f ms%n", batch,
                        measured[measured.length / 2] / 1e6, measured[measured.length * 99 / 100] / 1e6);
            }
        }
    }
}
