package com.pipelines.serving;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.TableEncoding;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A dense stack — the {@code linear} and {@code mlp} families: the schema's encoding (images flattened; table
 * numbers standardised, categories one-hot) → relu layers → softmax — computed in plain Java from the SavedModel's
 * own weights. For one or a few instances TensorFlow's per-call cost (~80 µs) is most of a prediction, and this
 * pass is a few µs; it runs on the caller's thread and cannot hang. Read only from a graph whose variables are
 * exactly Keras-named dense layers ({@code dense/kernel}, {@code dense/bias}, {@code dense_1/…}) chained by shape;
 * anything else (a CNN, a model trained elsewhere) stays on TensorFlow.
 */
final class DenseForwardPass {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DenseForwardPass.class);
    /** Largest difference from TensorFlow's probabilities accepted at load (a wrong reading is off by far more). */
    static final float TOLERANCE = 1e-5f;
    private static final Pattern DENSE = Pattern.compile("dense(?:_(\\d+))?_(kernel|bias)");

    private final TableEncoding encoding;
    /** Kept as double: the sums are in double, and C2 vectorises a loop of one type. */
    private final double[][] kernels;
    private final float[][] biases;
    private final int[] inputs;
    private final int[] units;
    private final int width;
    private final int classes;
    private final int widest;

    private DenseForwardPass(DatasetSchema schema, float[][] kernels, float[][] biases, int[] inputs, int[] units) {
        this.encoding = schema.isImageKind() ? null : new TableEncoding(schema);
        this.kernels = new double[kernels.length][];
        for (int l = 0; l < kernels.length; l++) {
            this.kernels[l] = new double[kernels[l].length];
            for (int i = 0; i < kernels[l].length; i++) {
                this.kernels[l][i] = kernels[l][i];
            }
        }
        this.biases = biases;
        this.inputs = inputs;
        this.units = units;
        this.width = schema.width();
        this.classes = units[units.length - 1];
        int max = inputs[0];
        for (int u : units) {
            max = Math.max(max, u);
        }
        this.widest = max;
    }

    /**
     * The dense stack of this SavedModel when its graph is one and its answers on a probe of 64 instances (random,
     * with missing values and unseen categories for tables) match TensorFlow's within {@link #TOLERANCE}; otherwise
     * empty, and TensorFlow serves every request.
     */
    static Optional<DenseForwardPass> readChecked(SavedModelBundle bundle, DatasetSchema schema,
                                                  BatchingModel.Predictor tensorFlow, String name) {
        Optional<DenseForwardPass> pass;
        try {
            pass = read(bundle, schema);
        } catch (RuntimeException e) {
            log.info("Model {} is served by TensorFlow only: its weights cannot be read ({})", name, e.toString());
            return Optional.empty();
        }
        if (pass.isEmpty()) {
            return pass;
        }
        int count = 64;
        float[] probe = probe(schema, pass.get().encoding, count);
        float[] expected = tensorFlow.predict(probe, count);
        float[] actual = pass.get().predict(probe, count);
        float worst = 0f;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        if (!(worst <= TOLERANCE)) {
            log.warn("Model {} is served by TensorFlow only: the Java pass differs by {} on the probe", name, worst);
            return Optional.empty();
        }
        return pass;
    }

    private static float[] probe(DatasetSchema schema, TableEncoding encoding, int count) {
        java.util.Random random = new java.util.Random(42);
        int width = schema.width();
        float[] values = new float[count * width];
        for (int n = 0; n < count; n++) {
            int categorical = 0;
            for (int f = 0; f < width; f++) {
                float v;
                if (schema.isImageKind()) {
                    v = random.nextFloat();
                } else if (schema.features().get(f).categorical()) {
                    v = random.nextInt(encoding.depth(categorical++) + 1) - 1;
                } else {
                    DatasetSchema.Feature feature = schema.features().get(f);
                    double mean = feature.mean() == null ? 0 : feature.mean();
                    double std = feature.std() == null ? 1 : feature.std();
                    v = random.nextInt(10) == 0 ? Float.NaN : (float) (mean + std * random.nextGaussian());
                }
                values[n * width + f] = v;
            }
        }
        return values;
    }

    /** The dense stack of this SavedModel, or empty when its graph is not one (then TensorFlow serves it). */
    static Optional<DenseForwardPass> read(SavedModelBundle bundle, DatasetSchema schema) {
        Map<Integer, String[]> layers = new TreeMap<>();
        for (var it = bundle.graph().operations(); it.hasNext(); ) {
            GraphOperation op = (GraphOperation) it.next();
            if (!op.type().startsWith("Variable") && !op.type().equals("VarHandleOp")) {
                continue;
            }
            Matcher m = DENSE.matcher(op.name());
            if (!m.matches() || !op.type().equals("VariableV2")) {
                return Optional.empty();
            }
            int layer = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
            layers.computeIfAbsent(layer, l -> new String[2])[m.group(2).equals("kernel") ? 0 : 1] = op.name();
        }
        int expectedInput = schema.isImageKind() ? schema.image().pixels() : new TableEncoding(schema).width();
        int count = layers.size();
        if (count == 0 || !layers.containsKey(count - 1)) {
            return Optional.empty();
        }
        float[][] kernels = new float[count][];
        float[][] biases = new float[count][];
        int[] inputs = new int[count];
        int[] units = new int[count];
        int in = expectedInput;
        for (int l = 0; l < count; l++) {
            String[] names = layers.get(l);
            if (names[0] == null || names[1] == null) {
                return Optional.empty();
            }
            long[] shape;
            try (Result result = bundle.session().runner().fetch(names[0]).fetch(names[1]).run()) {
                Tensor kernel = result.get(0);
                Tensor bias = result.get(1);
                shape = kernel.shape().asArray();
                if (!(kernel instanceof TFloat32 k) || !(bias instanceof TFloat32 b) || shape.length != 2
                        || shape[0] != in || bias.shape().numDimensions() != 1 || bias.shape().size(0) != shape[1]) {
                    return Optional.empty();
                }
                kernels[l] = new float[(int) (shape[0] * shape[1])];
                biases[l] = new float[(int) shape[1]];
                k.copyTo(DataBuffers.of(kernels[l], false, false));
                b.copyTo(DataBuffers.of(biases[l], false, false));
            }
            inputs[l] = in;
            units[l] = (int) shape[1];
            in = units[l];
        }
        if (in != schema.classes()) {
            return Optional.empty();
        }
        return Optional.of(new DenseForwardPass(schema, kernels, biases, inputs, units));
    }

    /** Probabilities for {@code count} raw instances of {@link DatasetSchema#width()} values each. */
    float[] predict(float[] values, int count) {
        float[] out = new float[count * classes];
        float[] a = new float[widest];
        float[] b = new float[widest];
        double[] sums = new double[widest];
        int[] nonZero = new int[widest];
        float[] encoded = encoding == null ? null : new float[inputs[0]];
        for (int n = 0; n < count; n++) {
            float[] x;
            int offset;
            if (encoding == null) {
                x = values;
                offset = n * width;
            } else {
                encoding.encode(values, n * width, encoded);
                x = encoded;
                offset = 0;
            }
            for (int l = 0; l < kernels.length; l++) {
                float[] y = (l & 1) == 0 ? a : b;
                layer(x, offset, l, y, sums, nonZero);
                if (l < kernels.length - 1) {
                    for (int j = 0; j < units[l]; j++) {
                        y[j] = Math.max(y[j], 0f);
                    }
                }
                x = y;
                offset = 0;
            }
            softmax(x, out, n * classes);
        }
        return out;
    }

    /**
     * One layer, accumulated in double so that the result is TensorFlow's up to its own float rounding. Four
     * non-zero inputs are taken per pass over the outputs: a quarter of the loads and stores of the sums.
     */
    private void layer(float[] x, int offset, int l, float[] y, double[] sums, int[] nonZero) {
        int out = units[l];
        double[] kernel = kernels[l];
        float[] bias = biases[l];
        for (int j = 0; j < out; j++) {
            sums[j] = bias[j];
        }
        int n = 0;
        for (int i = 0; i < inputs[l]; i++) {
            if (x[offset + i] != 0f) {
                nonZero[n++] = i;
            }
        }
        int k = 0;
        for (; k + 3 < n; k += 4) {
            int i0 = nonZero[k];
            int i1 = nonZero[k + 1];
            int i2 = nonZero[k + 2];
            int i3 = nonZero[k + 3];
            double x0 = x[offset + i0];
            double x1 = x[offset + i1];
            double x2 = x[offset + i2];
            double x3 = x[offset + i3];
            int r0 = i0 * out;
            int r1 = i1 * out;
            int r2 = i2 * out;
            int r3 = i3 * out;
            for (int j = 0; j < out; j++) {
                sums[j] += x0 * kernel[r0 + j] + x1 * kernel[r1 + j] + x2 * kernel[r2 + j] + x3 * kernel[r3 + j];
            }
        }
        for (; k < n; k++) {
            int i = nonZero[k];
            double xi = x[offset + i];
            int row = i * out;
            for (int j = 0; j < out; j++) {
                sums[j] += xi * kernel[row + j];
            }
        }
        for (int j = 0; j < out; j++) {
            y[j] = (float) sums[j];
        }
    }

    private void softmax(float[] logits, float[] out, int at) {
        float max = logits[0];
        for (int c = 1; c < classes; c++) {
            max = Math.max(max, logits[c]);
        }
        float sum = 0f;
        for (int c = 0; c < classes; c++) {
            float e = (float) Math.exp(logits[c] - max);
            out[at + c] = e;
            sum += e;
        }
        for (int c = 0; c < classes; c++) {
            out[at + c] /= sum;
        }
    }
}
