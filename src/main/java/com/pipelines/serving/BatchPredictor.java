package com.pipelines.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.pipelines.artifacts.ArtifactStorage;
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
 * A chunk's files are written and recorded on a writer thread while the next chunk is read and scored; the next is
 * handed over only once the previous is recorded, so the order above holds and at most one chunk is in flight.
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
        ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "batch-writer-" + job.id());
            thread.setDaemon(true);
            return thread;
        });
        try (ArtifactStorage.LocalFile model = storage.lease(modelUri);
             SavedModelBundle bundle = SavedModelBundle.load(model.path().toString(), "serve");
             BatchSource input = source(job, inputs)) {
            ModelSignature signature = ModelSignature.read(model.path(), json);
            // Counted for the progress bar on the writer thread while the first chunk is read and scored; every
            // chunk is recorded after it there, so the total is known before the first chunk is.
            Future<Boolean> recorded = writer.submit(() -> {
                jobs.total(job.id(), input.count());
                return true;
            });
            SessionFunction function = bundle.function("serving_default");
            BatchOutput output = new BatchOutput(storage, job.outputPrefix());
            long line = 0;
            long skip = (long) job.chunksDone() * job.chunkLines();
            while (line < skip && input.hasNext()) {
                input.next();
                line++;
            }
            long errors = job.errorLines();
            int chunk = job.chunksDone();
            while (input.hasNext()) {
                List<byte[]> lines = new ArrayList<>(job.chunkLines());
                while (lines.size() < job.chunkLines() && input.hasNext()) {
                    lines.add(input.next());
                }
                ScoredChunk scored = score(line, lines, function, signature);
                if (!await(recorded)) {
                    return;
                }
                int number = ++chunk;
                long linesDone = line += lines.size();
                long errorsSoFar = errors += scored.errorLines();
                recorded = writer.submit(() -> {
                    output.publish(String.format("predictions_%05d.jsonl", number), scored::writePredictions);
                    if (scored.errorLines() > 0) {
                        output.publish(String.format("errors_%05d.jsonl", number), List.of(scored.errors()));
                    }
                    return jobs.chunkDone(job.id(), number, linesDone, errorsSoFar);
                });
            }
            if (await(recorded)) {
                jobs.succeed(job.id());
            }
        } finally {
            writer.shutdownNow();
        }
    }

    /** The writer's answer for the chunk before: true when recorded and the job goes on; its failure rethrown. */
    private static boolean await(Future<Boolean> recorded) throws IOException {
        try {
            return recorded.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing a chunk", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
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

    /** Parses and scores one chunk; its lines that cannot be scored become error lines (line number and why). */
    private static ScoredChunk score(long firstLine, List<byte[]> lines, SessionFunction function,
                                     ModelSignature signature) {
        DatasetSchema schema = signature.schema();
        int width = schema.width();
        float[] parsed = new float[lines.size() * width];
        String[] problems = new String[lines.size()];
        IntStream.range(0, lines.size()).parallel().forEach(i -> {
            try {
                InstanceParser.parseOne(lines.get(i), schema, parsed, i * width);
            } catch (ServingException bad) {
                problems[i] = bad.getBody().getDetail();
            }
        });
        int[] scored = new int[lines.size()];
        int count = 0;
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (problems[i] == null) {
                if (count != i) {
                    System.arraycopy(parsed, i * width, parsed, count * width, width);
                }
                scored[count++] = i;
            } else {
                errors.append("{\"line\":").append(firstLine + i + 1).append(",\"error\":\"")
                        .append(BatchInput.escape(problems[i])).append("\"}\n");
            }
        }
        float[] probabilities = predict(function, signature, parsed, count);
        return ScoredChunk.format(lines, scored, count, probabilities, new PredictionLines(schema.classNames()),
                schema.classes(), errors.toString().getBytes(StandardCharsets.UTF_8));
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
}
