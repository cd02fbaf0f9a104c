package com.pipelines.serving;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import com.pipelines.datasets.ModelSignature;
import org.tensorflow.SavedModelBundle;
import tools.jackson.databind.json.JsonMapper;

/**
 * In-process cost of one prediction (bench/predict.sh): median and p99 of the last 5,000 of 20,000 calls for 1 and 32 instances
 * (the first 15,000 warm up; inputs about half zeros, as Fashion-MNIST's are), through TensorFlow's SavedModel call (with
 * TensorFlow's default thread pools, and on the calling thread as {@link ModelServer} loads models) and, for dense
 * models, through the Java forward pass
 * (with the largest difference between the two). Arguments: SavedModel folders.
 */
public final class ServingBenchmark {

    public static void main(String[] args) {
        for (String dir : args) {
            System.out.println("== " + dir);
            measure(dir);
        }
    }

    private static void measure(String dir) {
        ModelSignature signature = ModelSignature.read(Path.of(dir), JsonMapper.builder().build());
        int width = signature.schema().width();
        try (SavedModelBundle bundle = SavedModelBundle.load(dir, "serve");
             SavedModelBundle served = SavedModelBundle.loader(dir).withTags("serve")
                     .withConfigProto(ModelServer.sessionConfig(1)).load()) {
            BatchingModel.Predictor ownThreads = BatchingModel.savedModel(bundle, signature);
            BatchingModel.Predictor tensorFlow = BatchingModel.savedModel(served, signature);
            DenseForwardPass java = DenseForwardPass.read(bundle, signature.schema()).orElse(null);
            for (int batch : new int[] {1, 32}) {
                float[] pixels = new float[batch * width];
                Random random = new Random(1);
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = random.nextInt(2) == 0 ? 0f : random.nextFloat(); // images: about half black
                }
                report("TensorFlow call, its own thread pools (TF's default)", batch,
                        time(() -> ownThreads.predict(pixels, batch)));
                report("TensorFlow call on the calling thread (as served)", batch,
                        time(() -> tensorFlow.predict(pixels, batch)));
                if (java != null) {
                    report("Java forward pass", batch, time(() -> java.predict(pixels, batch)));
                    float[] a = tensorFlow.predict(pixels, batch);
                    float[] b = java.predict(pixels, batch);
                    float worst = 0;
                    for (int i = 0; i < a.length; i++) {
                        worst = Math.max(worst, Math.abs(a[i] - b[i]));
                    }
                    System.out.printf("  largest difference Java vs TensorFlow: %.2e%n", worst);
                }
            }
        }
    }

    private static long[] time(Runnable call) {
        long[] nanos = new long[20_000];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        long[] measured = Arrays.copyOfRange(nanos, 15_000, nanos.length);
        Arrays.sort(measured);
        return measured;
    }

    private static void report(String what, int batch, long[] sorted) {
        System.out.printf("in-process %s, %d instance(s): p50 %.3f ms, p99 %.3f ms%n", what, batch,
                sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 99 / 100] / 1e6);
    }
}
