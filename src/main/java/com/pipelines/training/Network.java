package com.pipelines.training;

import java.util.ArrayList;
import java.util.List;

import com.pipelines.datasets.DatasetSchema;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * A model of one family sized for one dataset: the encoded input width and the number of classes come from the
 * schema. Dense stacks ({@code linear}, {@code mlp}): input → hidden layers (relu, dropout while training) →
 * logits. {@code cnn}: Conv 3×3×32 relu (valid) → MaxPool 2 → Dense 128 relu → logits, on h × w × c images. Weight
 * names follow Keras ({@code dense/kernel}, {@code dense_1/bias}...), and they are drawn in that order, so the seed's
 * model on MNIST starts from exactly the weights it always did.
 */
final class Network {

    static final int[] SEED_HIDDEN = {128};

    private final ModelType type;
    private final DatasetSchema schema;
    private final InputEncoding encoding;
    private final int[] hidden;
    private final float dropout;
    private final List<WeightSpec> weights = new ArrayList<>();
    private final long seed;

    Network(ModelType type, DatasetSchema schema, int[] hidden, float dropout, long seed) {
        if (type == ModelType.CNN && !schema.isImageKind()) {
            throw new IllegalArgumentException("modelType cnn needs an image dataset; this one is a table "
                    + "(use linear or mlp)");
        }
        this.type = type;
        this.schema = schema;
        this.encoding = new InputEncoding(schema);
        this.hidden = type == ModelType.CNN ? SEED_HIDDEN : hidden;
        this.dropout = type == ModelType.MLP ? dropout : 0f;
        this.seed = seed;
        int in = encoding.width();
        int dense = 0;
        if (type == ModelType.CNN) {
            int channels = schema.image().channels();
            weights.add(new WeightSpec("conv2d/kernel", new long[] {3, 3, channels, 32}, 3 * 3 * channels,
                    3 * 3 * 32, false));
            weights.add(WeightSpec.bias("conv2d/bias", 32));
            in = pooledHeight() * pooledWidth() * 32;
        }
        for (int units : this.hidden) {
            weights.add(WeightSpec.kernel(denseName(dense) + "/kernel", in, units));
            weights.add(WeightSpec.bias(denseName(dense) + "/bias", units));
            in = units;
            dense++;
        }
        weights.add(WeightSpec.kernel(denseName(dense) + "/kernel", in, schema.classes()));
        weights.add(WeightSpec.bias(denseName(dense) + "/bias", schema.classes()));
    }

    private static String denseName(int index) {
        return index == 0 ? "dense" : "dense_" + index;
    }

    private int pooledHeight() {
        return (schema.image().height() - 2) / 2;
    }

    private int pooledWidth() {
        return (schema.image().width() - 2) / 2;
    }

    ModelType type() {
        return type;
    }

    DatasetSchema schema() {
        return schema;
    }

    List<WeightSpec> weights() {
        return weights;
    }

    int[] hidden() {
        return hidden.clone();
    }

    float dropout() {
        return dropout;
    }

    /** Raw inputs (table values, or 0–1 pixels) → logits [-1, classes]; dropout only when {@code training}. */
    Operand<TFloat32> logits(Ops tf, Operand<TFloat32> raw, List<? extends Operand<TFloat32>> w, boolean training,
                             int stream) {
        return layers(tf, encode(tf, raw), w, training, stream);
    }

    /** The schema's preprocessing alone: raw inputs → the features the first layer sees. It reads no weight. */
    Operand<TFloat32> encode(Ops tf, Operand<TFloat32> raw) {
        return encoding.encode(tf, raw);
    }

    /** Encoded features → logits [-1, classes]; every op that reads a weight is made in {@code tf}'s scope. */
    Operand<TFloat32> layers(Ops tf, Operand<TFloat32> features, List<? extends Operand<TFloat32>> w,
                             boolean training, int stream) {
        int next = 0;
        if (type == ModelType.CNN) {
            DatasetSchema.ImageShape shape = schema.image();
            Operand<TFloat32> images = tf.reshape(features, tf.constant(new int[] {-1, shape.height(), shape.width(),
                    shape.channels()}));
            Operand<TFloat32> conv = tf.nn.relu(tf.nn.biasAdd(
                    tf.nn.conv2d(images, w.get(0), List.of(1L, 1L, 1L, 1L), "VALID"), w.get(1)));
            Operand<TFloat32> pooled = tf.nn.maxPool(conv, tf.constant(new int[] {1, 2, 2, 1}),
                    tf.constant(new int[] {1, 2, 2, 1}), "VALID");
            features = tf.reshape(pooled, tf.constant(new int[] {-1, pooledHeight() * pooledWidth() * 32}));
            next = 2;
        }
        for (int layer = 0; layer < hidden.length; layer++) {
            features = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(features, w.get(next)), w.get(next + 1)));
            if (training && dropout > 0) {
                float keep = 1f - dropout;
                Operand<TFloat32> uniform = tf.random.randomUniform(tf.shape(features), TFloat32.class,
                        RandomUniform.seed(seed).seed2(stream * 100L + layer + 1));
                Operand<TFloat32> mask = tf.math.floor(tf.math.add(uniform, tf.constant(keep)));
                features = tf.math.div(tf.math.mul(features, mask), tf.constant(keep));
            }
            next += 2;
        }
        return tf.nn.biasAdd(tf.linalg.matMul(features, w.get(next)), w.get(next + 1));
    }

    /** What the exported model and the run record say about the architecture. */
    String describe() {
        StringBuilder text = new StringBuilder(type.parameterValue());
        if (type != ModelType.CNN) {
            text.append(" hidden ").append(java.util.Arrays.toString(hidden));
            if (dropout > 0) {
                text.append(" dropout ").append(dropout);
            }
        }
        return text.append(" on ").append(schema.describeInput()).append(" -> ").append(schema.classes())
                .append(" classes").toString();
    }
}
