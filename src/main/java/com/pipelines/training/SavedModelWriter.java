package com.pipelines.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.ModelSignature;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports a trained model as a TensorFlow SavedModel for TF Serving and Vertex AI's prebuilt TF2 containers: tag
 * {@code serve}, signature {@code serving_default} ({@code tensorflow/serving/predict}). Image models take
 * {@code images} float32 [-1, h, w] (or [-1, h, w, c]) of 0–1 pixels, as the seed's always did; table models take
 * {@code features} float32 [-1, f] of raw values (NaN for missing, categories as vocabulary indices, -1 unseen): the
 * standardisation and one-hot encoding are in the graph. Output {@code probabilities} float32 [-1, classes]. The
 * graph is inference only. {@link ModelSignature} is written beside it. Written to a temporary folder and renamed
 * into place, so a failed export leaves nothing behind.
 */
final class SavedModelWriter {

    static final String SIGNATURE = "serving_default";
    static final String OUTPUT = "probabilities";

    static String inputName(DatasetSchema schema) {
        return schema.isImageKind() ? "images" : "features";
    }

    static long[] inputShape(DatasetSchema schema) {
        return schema.inputShape(-1);
    }

    void export(TrainedModel model, Path target, JsonMapper json) throws IOException {
        Network network = model.network();
        DatasetSchema schema = network.schema();
        Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            String input = inputName(schema);
            Placeholder<TFloat32> in = tf.withName(input)
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(inputShape(schema))));
            Operand<TFloat32> raw = tf.reshape(in, tf.constant(new int[] {-1, schema.width()}));
            List<Variable<TFloat32>> weights = new ArrayList<>();
            Session.Runner assign = session.runner();
            List<TFloat32> tensors = new ArrayList<>();
            try {
                for (int i = 0; i < network.weights().size(); i++) {
                    WeightSpec spec = network.weights().get(i);
                    Shape shape = Shape.of(spec.shape());
                    Variable<TFloat32> w = tf.withName(spec.name().replace('/', '_')).variable(shape, TFloat32.class);
                    Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
                    weights.add(w);
                    TFloat32 tensor = TFloat32.tensorOf(shape, DataBuffers.of(model.weights().get(i), true, false));
                    tensors.add(tensor);
                    assign.feed(value, tensor).addTarget(tf.assign(w, value));
                }
                Operand<TFloat32> probabilities = tf.withName(OUTPUT)
                        .nn.softmax(network.logits(tf, raw, weights, false, 0));
                assign.run().close();
                Signature signature = Signature.builder().key(SIGNATURE).methodName("tensorflow/serving/predict")
                        .input(input, in).output(OUTPUT, probabilities).build();
                SavedModelBundle.exporter(temp.toString()).withFunction(session.function(signature)).export();
            } finally {
                tensors.forEach(TFloat32::close);
            }
            new ModelSignature(input, OUTPUT, schema).write(temp, json);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            ArtifactStore.deleteRecursively(temp);
        }
    }
}
