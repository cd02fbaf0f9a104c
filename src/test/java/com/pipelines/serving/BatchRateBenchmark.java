package com.pipelines.serving;

import java.util.Map;
import java.util.Random;

import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The in-process rate of a SavedModel in calls of 512 instances of 784 values, as a batch job calls it
 * (bench/batch-predict.sh prints it beside the job's rate). Argument: the SavedModel folder.
 */
public final class BatchRateBenchmark {

    public static void main(String[] args) {
        int batch = 512;
        try (SavedModelBundle bundle = SavedModelBundle.load(args[0], "serve")) {
            SessionFunction function = bundle.function("serving_default");
            float[] pixels = new float[batch * 784];
            Random random = new Random(1);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextFloat();
            }
            long instances = 0;
            long start = 0;
            for (int i = 0; i < 600; i++) {
                if (i == 100) {
                    start = System.nanoTime();
                    instances = 0;
                }
                try (TFloat32 images = TFloat32.tensorOf(Shape.of(batch, 28, 28), DataBuffers.of(pixels, true, false));
                     Result result = function.call(Map.of("images", images))) {
                    float[] out = new float[batch * 10];
                    ((TFloat32) result.get("probabilities").orElseThrow()).copyTo(DataBuffers.of(out, false, false));
                }
                instances += batch;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("in-process predict: %.0f instances/s (calls of %d)%n", instances / seconds, batch);
        }
    }
}
