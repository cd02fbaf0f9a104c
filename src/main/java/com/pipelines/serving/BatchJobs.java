package com.pipelines.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.pipelines.PipelinesProperties;
import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.datasets.AllowedFolders;
import com.pipelines.datasets.DatasetsProperties;
import com.pipelines.deploy.ModelRegistry;
import com.pipelines.deploy.RegisteredModel;
import com.pipelines.web.ApiProblem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

/** Batch prediction jobs: created with their execution in one transaction, their state changes checked. */
@Service
@Transactional
class BatchJobs {

    static final TaskDescriptor<BatchJobData> TASK = TaskDescriptor.of("batch-prediction", BatchJobData.class);

    /** The data of the job's db-scheduler execution. */
    record BatchJobData(UUID jobId) {
    }

    private final BatchPredictionJobRepository jobs;
    private final ModelRegistry registry;
    private final com.pipelines.datasets.Datasets datasets;
    private final ArtifactStorage storage;
    private final ObjectProvider<Scheduler> scheduler;
    private final PipelinesProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final AllowedFolders folders;

    BatchJobs(BatchPredictionJobRepository jobs, ModelRegistry registry, com.pipelines.datasets.Datasets datasets,
              ArtifactStorage storage,
              ObjectProvider<Scheduler> scheduler, PipelinesProperties properties, DatasetsProperties datasetSettings,
              JsonMapper json, Clock clock) {
        this.jobs = jobs;
        this.registry = registry;
        this.datasets = datasets;
        this.storage = storage;
        this.scheduler = scheduler;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.folders = AllowedFolders.forModelsAndBatches(properties, datasetSettings);
    }

    BatchPredictionJob create(BatchPredictionController.CreateBatchPredictionJobRequest request) {
        RegisteredModel model = registry.resolve(request.model(), properties.project(), properties.region());
        String format = request.inputConfig().instancesFormat();
        List<String> uris;
        if ("dataset".equals(format)) {
            uris = List.of(datasetInput(request.inputConfig().datasetSource()));
        } else if ("jsonl".equals(format) || "csv".equals(format)) {
            if (request.inputConfig().gcsSource() == null) {
                throw invalid("inputConfig.gcsSource", "inputConfig.gcsSource.uris is required for " + format);
            }
            uris = request.inputConfig().gcsSource().uris();
            for (String uri : uris) {
                checkReadable(uri, format);
            }
        } else {
            throw invalid("inputConfig.instancesFormat", "instancesFormat must be jsonl, csv or dataset");
        }
        String output = request.outputConfig().gcsDestination().outputUriPrefix();
        if (!ArtifactStorage.isObjectUri(output)) {
            localPath(output, "outputConfig.gcsDestination.outputUriPrefix");
        }
        int chunk = request.chunkLines() == null ? 10_000 : request.chunkLines();
        BatchPredictionJob job = new BatchPredictionJob(UUID.randomUUID(),
                request.displayName() == null ? "batch-" + model.displayName() : request.displayName(), model.id(),
                request.model(), format, json.writeValueAsString(uris), output, chunk, clock.instant());
        jobs.saveAndFlush(job);
        Scheduler client = scheduler.getObject();
        client.scheduleIfNotExists(TASK.instance(job.id().toString()).data(new BatchJobData(job.id()))
                .scheduledTo(clock.instant()));
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        com.pipelines.scheduling.DueSoon.wake(client, clock.instant());
                    }
                });
        return job;
    }

    /** {@code dataset:name@version#split}, once the version and split are known to exist. */
    private String datasetInput(BatchPredictionController.DatasetSource source) {
        if (source == null) {
            throw invalid("inputConfig.datasetSource", "inputConfig.datasetSource is required for instancesFormat "
                    + "dataset");
        }
        String split = source.split() == null ? "test" : source.split();
        if (com.pipelines.datasets.Split.ofId(split) == null) {
            throw invalid("inputConfig.datasetSource.split", "split must be train, validation or test");
        }
        var ref = datasets.find(source.dataset()).orElseThrow(() -> invalid("inputConfig.datasetSource.dataset",
                "No dataset " + source.dataset() + " is registered"));
        return "dataset:" + ref.name() + "@" + ref.version() + "#" + split;
    }

    private void checkReadable(String uri, String format) {
        String field = "inputConfig.gcsSource.uris";
        String first;
        try {
            if (ArtifactStorage.isObjectUri(uri)) {
                if (!storage.exists(uri)) {
                    throw invalid(field, uri + " does not exist in its bucket");
                }
                try (ArtifactStorage.LocalFile copy = storage.lease(uri)) {
                    first = firstLine(copy.path());
                }
            } else {
                Path path = localPath(uri, field);
                if (!Files.isRegularFile(path)) {
                    throw invalid(field, uri + " is not a readable file");
                }
                first = firstLine(path);
            }
        } catch (IOException e) {
            throw invalid(field, uri + " cannot be read: " + e.getMessage());
        }
        if (first == null) {
            throw invalid(field, uri + " is empty");
        }
        if ("jsonl".equals(format)) {
            try {
                json.readTree(first);
            } catch (RuntimeException e) {
                throw invalid(field, uri + " is not JSONL: its first line is not a JSON value");
            }
        }
    }

    /** The first line the job itself will read (blank lines and a byte-order mark skipped alike), or null. */
    private static String firstLine(Path path) throws IOException {
        try (ByteLines lines = new ByteLines(Files.newInputStream(path))) {
            byte[] first = lines.next();
            return first == null ? null : new String(first, StandardCharsets.UTF_8);
        }
    }

    private Path localPath(String uri, String field) {
        try {
            return folders.resolve(uri);
        } catch (IllegalArgumentException e) {
            throw invalid(field, field + " " + uri + " " + e.getMessage());
        }
    }

    static ErrorResponseException invalid(String field, String detail) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, ApiProblem.of(HttpStatus.BAD_REQUEST,
                "invalid-batch-prediction-job", "Invalid batch prediction job", detail, field), null);
    }

    static ErrorResponseException notFound(String id) {
        return new ErrorResponseException(HttpStatus.NOT_FOUND, ApiProblem.of(HttpStatus.NOT_FOUND,
                "batch-prediction-job-not-found", "Batch prediction job not found", "No batch prediction job " + id,
                "id"), null);
    }

    @Transactional(readOnly = true)
    BatchPredictionJob get(UUID id) {
        return jobs.findById(id).orElseThrow(() -> notFound(id.toString()));
    }

    @Transactional(readOnly = true)
    Page<BatchPredictionJob> list(BatchJobState state, String model, int page, int size) {
        PageRequest request = PageRequest.of(page, size);
        if (state != null) {
            return jobs.findByStateOrderByCreateTimeDesc(state, request);
        }
        if (model != null) {
            return jobs.findByModelIdOrderByCreateTimeDesc(
                    registry.resolve(model, properties.project(), properties.region()).id(), request);
        }
        return jobs.findAllByOrderByCreateTimeDesc(request);
    }

    BatchPredictionJob cancel(UUID id) {
        BatchPredictionJob job = get(id);
        switch (job.state()) {
            case JOB_STATE_QUEUED -> job.moveTo(BatchJobState.JOB_STATE_CANCELLED, clock.instant());
            case JOB_STATE_RUNNING -> job.moveTo(BatchJobState.JOB_STATE_CANCELLING, clock.instant());
            case JOB_STATE_CANCELLING -> { }
            default -> throw new ErrorResponseException(HttpStatus.CONFLICT, ApiProblem.of(HttpStatus.CONFLICT,
                    "batch-prediction-job-finished", "Job finished", "The job is " + job.state()
                            + " already", "id"), null);
        }
        return job;
    }

    /** The job to execute now (QUEUED → RUNNING, or RUNNING again after its replica died), or null. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    BatchPredictionJob start(UUID id) {
        BatchPredictionJob job = jobs.findById(id).orElse(null);
        if (job == null || job.state().finished()) {
            return null;
        }
        if (job.state() == BatchJobState.JOB_STATE_CANCELLING) {
            job.moveTo(BatchJobState.JOB_STATE_CANCELLED, clock.instant());
            return null;
        }
        job.moveTo(BatchJobState.JOB_STATE_RUNNING, clock.instant());
        return job;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void total(UUID id, long lines) {
        jobs.findById(id).ifPresent(job -> job.total(lines));
    }

    /** Records a chunk as done; false (and the job CANCELLED) when it was asked to stop. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    boolean chunkDone(UUID id, int chunk, long lines, long errors) {
        BatchPredictionJob job = jobs.findById(id).orElseThrow();
        job.chunkDone(chunk, lines, errors, clock.instant());
        if (job.state() == BatchJobState.JOB_STATE_CANCELLING) {
            job.moveTo(BatchJobState.JOB_STATE_CANCELLED, clock.instant());
            return false;
        }
        return true;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void succeed(UUID id) {
        jobs.findById(id).ifPresent(job -> job.moveTo(BatchJobState.JOB_STATE_SUCCEEDED, clock.instant()));
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void fail(UUID id, String reason) {
        jobs.findById(id).filter(job -> !job.state().finished()).ifPresent(job -> job.fail(reason, clock.instant()));
    }
}
