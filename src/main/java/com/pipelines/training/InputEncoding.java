package com.pipelines.training;

import java.util.ArrayList;
import java.util.List;

import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.TableEncoding;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The preprocessing a dataset's schema implies, as TensorFlow ops, so the training graph and the exported SavedModel
 * share it: for tables, numbers standardised with the train split's mean and std (missing, NaN, becomes the mean,
 * i.e. 0) and categoricals one-hot encoded over the train vocabulary (index -1, unseen, becomes a zero vector); for
 * images, the 0–1 pixels flattened.
 */
final class InputEncoding {

    private final DatasetSchema schema;
    private final TableEncoding table;

    InputEncoding(DatasetSchema schema) {
        this.schema = schema;
        this.table = new TableEncoding(schema);
    }

    /** Width of the encoded features the first layer sees. */
    int width() {
        return schema.isImageKind() ? schema.image().pixels() : table.width();
    }

    /** Raw table values [-1, f] → encoded features [-1, width()]; for images, 0–1 pixels → [-1, pixels]. */
    Operand<TFloat32> encode(Ops tf, Operand<TFloat32> raw) {
        if (schema.isImageKind()) {
            return tf.reshape(raw, tf.constant(new int[] {-1, schema.image().pixels()}));
        }
        List<Operand<TFloat32>> parts = new ArrayList<>();
        int[] numeric = table.numeric();
        int[] categorical = table.categorical();
        float[] means = table.means();
        if (numeric.length > 0) {
            Operand<TFloat32> x = tf.gather(raw, tf.constant(numeric), tf.constant(1));
            Operand<TFloat32> mean = tf.constant(means);
            var missing = tf.math.isNan(x);
            Operand<TFloat32> zeroed = tf.select(missing, tf.zerosLike(x), x);
            Operand<TFloat32> filled = tf.math.add(zeroed,
                    tf.math.mul(tf.dtypes.cast(missing, TFloat32.class), mean));
            parts.add(tf.math.div(tf.math.sub(filled, mean), tf.constant(table.stds())));
        }
        for (int i = 0; i < categorical.length; i++) {
            Operand<TFloat32> column = tf.gather(raw, tf.constant(categorical[i]), tf.constant(1));
            Operand<TInt32> ids = tf.dtypes.cast(column, TInt32.class);
            parts.add(tf.oneHot(ids, tf.constant(table.depth(i)), tf.constant(1f), tf.constant(0f)));
        }
        return parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(1));
    }
}
