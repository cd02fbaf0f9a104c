package com.pipelines.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStore;
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

/**
 * Exports a trained model as a TensorFlow SavedModel for TF Serving and Vertex AI's prebuilt TF2 containers: tag
 * {@code serve}, signature {@code serving_default} ({@code tensorflow/serving/predict}), input {@code images}
 * float32 [-1, 28, 28] of 0–1 pixels, output {@code probabilities} float32 [-1, 10]. The graph is inference only:
 * the trained weights as variables, no optimizer state, no training ops. Written to a temporary folder and renamed
 * into place, so a failed export leaves nothing behind.
 */
final class SavedModelWriter {

    static final String SIGNATURE = "serving_default";
    static final String INPUT = "images";
    static final String OUTPUT = "probabilities";

    void export(TrainedModel model, Path target) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> images = tf.withName(INPUT)
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, MnistData.ROWS, MnistData.COLS)));
            Operand<TFloat32> pixels = tf.reshape(images, tf.constant(new int[] {-1, MnistData.PIXELS}));
            List<Variable<TFloat32>> weights = new ArrayList<>();
            List<Placeholder<TFloat32>> values = new ArrayList<>();
            Session.Runner assign = session.runner();
            List<TFloat32> tensors = new ArrayList<>();
            try {
                for (int i = 0; i < model.model().weights().size(); i++) {
                    ModelType.WeightSpec spec = model.model().weights().get(i);
                    Shape shape = Shape.of(spec.shape());
                    Variable<TFloat32> w = tf.withName(spec.name().replace('/', '_')).variable(shape, TFloat32.class);
                    Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
                    weights.add(w);
                    values.add(in);
                    TFloat32 tensor = TFloat32.tensorOf(shape, DataBuffers.of(model.weights().get(i), true, false));
                    tensors.add(tensor);
                    assign.feed(in, tensor).addTarget(tf.assign(w, in));
                }
                Operand<TFloat32> probabilities = tf.withName(OUTPUT)
                        .nn.softmax(model.model().logits(tf, pixels, weights));
                assign.run().close();
                Signature signature = Signature.builder().key(SIGNATURE).methodName("tensorflow/serving/predict")
                        .input(INPUT, images).output(OUTPUT, probabilities).build();
                SavedModelBundle.exporter(temp.toString()).withFunction(session.function(signature)).export();
            } finally {
                tensors.forEach(TFloat32::close);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            ArtifactStore.deleteRecursively(temp);
        }
    }
}
