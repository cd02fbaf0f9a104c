package com.pipelines.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.Datasets;
import com.pipelines.datasets.PreparedDataset;
import com.pipelines.datasets.Split;
import com.pipelines.datasets.ModelSignature;
import com.pipelines.deploy.LocalEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import tools.jackson.databind.json.JsonMapper;

/**
 * Executes a batch prediction job chunk by chunk: chunk k covers input lines (k-1)·n+1 … k·n, its predictions go to
 * {@code predictions_0000k.jsonl} and the lines that could not be scored to {@code errors_0000k.jsonl} (line number and
 * why), each written whole under its name; the job row then records the chunk as done. A job resumed after its
 * replica died skips the chunks recorded and writes the one it was in again, under the same name: every input line is
 * in the output exactly once. The job's state is re-read between chunks, so a cancel stops it at the next chunk.
 */
@Component
class BatchPredictor {

    private static final Logger log = LoggerFactory.getLogger(BatchPredictor.class);
    private static final int CALL_BATCH = 512;

    private final BatchJobs jobs;
    private final Datasets datasets;
    private final LocalEndpoints endpoints;
    private final ArtifactStorage storage;
    private final JsonMapper json;

    BatchPredictor(BatchJobs jobs, Datasets datasets, LocalEndpoints endpoints, ArtifactStorage storage,
                   JsonMapper json) {
        this.jobs = jobs;
        this.datasets = datasets;
        this.endpoints = endpoints;
        this.storage = storage;
        this.json = json;
    }

    void run(UUID id) {
        BatchPredictionJob job = jobs.start(id);
        if (job == null) {
            return;
        }
        try {
            execute(job);
        } catch (RuntimeException | IOException e) {
            log.warn("Batch prediction job {} failed", id, e);
            jobs.fail(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private void execute(BatchPredictionJob job) throws IOException {
        String modelUri = endpoints.model(job.modelId()).artifactUri();
        List<String> inputs = List.of(json.readValue(job.inputUris(), String[].class));
        try (ArtifactStorage.LocalFile model = storage.lease(modelUri);
             SavedModelBundle bundle = SavedModelBundle.load(model.path().toString(), "serve");
             BatchSource input = source(job, inputs)) {
            ModelSignature signature = ModelSignature.read(model.path(), json);
            jobs.total(job.id(), input.count());
            SessionFunction function = bundle.function("serving_default");
            long line = 0;
            long skip = (long) job.chunksDone() * job.chunkLines();
            while (line < skip && input.hasNext()) {
                input.next();
                line++;
            }
            long errors = job.errorLines();
            int chunk = job.chunksDone();
            while (input.hasNext()) {
                chunk++;
                List<String> lines = new ArrayList<>(job.chunkLines());
                while (lines.size() < job.chunkLines() && input.hasNext()) {
                    lines.add(input.next());
                }
                errors += writeChunk(job, chunk, line, lines, function, signature);
                line += lines.size();
                if (!jobs.chunkDone(job.id(), chunk, line, errors)) {
                    return;
                }
            }
            jobs.succeed(job.id());
        }
    }

    /** The job's instances: its files, or a registered dataset version's split ({@code dataset:name@v#split}). */
    private BatchSource source(BatchPredictionJob job, List<String> inputs) {
        if ("dataset".equals(job.instancesFormat())) {
            String spec = inputs.get(0).substring("dataset:".length());
            int hash = spec.lastIndexOf('#');
            PreparedDataset data = datasets.load(datasets.resolve(spec.substring(0, hash)));
            return new DatasetInput(data.part(Split.ofId(spec.substring(hash + 1))));
        }
        return new BatchInput(storage, inputs, "csv".equals(job.instancesFormat()));
    }

    /** Scores one chunk and writes its files; returns the number of lines that could not be scored. */
    private long writeChunk(BatchPredictionJob job, int chunk, long firstLine, List<String> lines,
                            SessionFunction function, ModelSignature signature) throws IOException {
        DatasetSchema schema = signature.schema();
        int width = schema.width();
        float[] parsed = new float[lines.size() * width];
        String[] problems = new String[lines.size()];
        java.util.stream.IntStream.range(0, lines.size()).parallel().forEach(i -> {
            try {
                InstanceParser.parseOne(lines.get(i), schema, parsed, i * width);
            } catch (ServingException bad) {
                problems[i] = bad.getBody().getDetail();
            }
        });
        float[] values = new float[lines.size() * width];
        int[] scored = new int[lines.size()];
        int count = 0;
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (problems[i] == null) {
                System.arraycopy(parsed, i * width, values, count * width, width);
                scored[count++] = i;
            } else {
                errors.append("{\"line\":").append(firstLine + i + 1).append(",\"error\":\"")
                        .append(BatchInput.escape(problems[i])).append("\"}\n");
            }
        }
        float[] probabilities = predict(function, signature, values, count);
        StringBuilder out = new StringBuilder(lines.size() * 64);
        int classes = schema.classes();
        for (int k = 0; k < count; k++) {
            out.append("{\"instance\":").append(lines.get(scored[k])).append(",\"prediction\":");
            appendPrediction(out, probabilities, k * classes, schema.classNames());
            out.append("}\n");
        }
        publish(job, String.format("predictions_%05d.jsonl", chunk), out);
        if (errors.length() > 0) {
            publish(job, String.format("errors_%05d.jsonl", chunk), errors);
        }
        return lines.size() - count;
    }

    private static float[] predict(SessionFunction function, ModelSignature signature, float[] values, int count) {
        DatasetSchema schema = signature.schema();
        int width = schema.width();
        int classes = schema.classes();
        float[] out = new float[count * classes];
        long[] shape = schema.inputShape(0);
        for (int from = 0; from < count; from += CALL_BATCH) {
            int n = Math.min(CALL_BATCH, count - from);
            shape[0] = n;
            try (TFloat32 input = TFloat32.tensorOf(Shape.of(shape),
                    DataBuffers.of(values, true, false).slice((long) from * width, (long) n * width));
                 Result result = function.call(Map.of(signature.input(), input))) {
                ((TFloat32) result.get(signature.output()).orElseThrow())
                        .copyTo(DataBuffers.of(out, false, false).offset((long) from * classes));
            }
        }
        return out;
    }

    private static void appendPrediction(StringBuilder out, float[] probabilities, int offset, List<String> names) {
        int classes = names.size();
        Integer[] order = new Integer[classes];
        for (int c = 0; c < classes; c++) {
            order[c] = c;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(probabilities[offset + b], probabilities[offset + a]));
        out.append("{\"ids\":[");
        for (int c = 0; c < classes; c++) {
            out.append(c == 0 ? "\"" : ",\"").append(order[c]).append('"');
        }
        out.append("],\"displayNames\":[");
        for (int c = 0; c < classes; c++) {
            out.append(c == 0 ? "\"" : ",\"").append(BatchInput.escape(names.get(order[c]))).append('"');
        }
        out.append("],\"confidences\":[");
        for (int c = 0; c < classes; c++) {
            out.append(c == 0 ? "" : ",").append(probabilities[offset + order[c]]);
        }
        out.append("]}");
    }

    /** Writes a whole file under the output prefix: a temporary file renamed into place, or one object. */
    private void publish(BatchPredictionJob job, String name, StringBuilder content) throws IOException {
        String prefix = job.outputPrefix();
        if (ArtifactStorage.isObjectUri(prefix)) {
            Path temp = Files.createTempFile("batch-", ".jsonl");
            try {
                try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    writer.append(content);
                }
                storage.put(temp, prefix.replaceAll("/+$", "") + "/" + name);
            } finally {
                Files.deleteIfExists(temp);
            }
            return;
        }
        Path folder = ArtifactStore.localPath(prefix);
        Files.createDirectories(folder);
        Path temp = folder.resolve("." + name + ".tmp-" + UUID.randomUUID());
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                writer.append(content);
            }
            Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new UncheckedIOException("Cannot write " + name + " to " + prefix, e);
        }
    }
}
