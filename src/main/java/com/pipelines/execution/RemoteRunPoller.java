package com.pipelines.execution;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.pipelines.deploy.VertexProperties;
import com.pipelines.remote.RemoteRuns;
import com.pipelines.remote.RemoteRuns.RemoteRun;
import com.pipelines.runs.RunState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One turn of a run executed by Vertex AI Pipelines: submit it if it has no job yet, pass on a cancel request,
 * mirror the job's state. Answers when to look again, or empty when the run is finished.
 */
@Component
class RemoteRunPoller {

    private static final Logger log = LoggerFactory.getLogger(RemoteRunPoller.class);

    private final RemoteRuns runs;
    private final VertexPipelineJobs jobs;
    private final Duration interval;
    private final JsonMapper json;

    RemoteRunPoller(RemoteRuns runs, VertexPipelineJobs jobs, VertexProperties vertex, JsonMapper json) {
        this.runs = runs;
        this.jobs = jobs;
        this.interval = vertex.pollInterval();
        this.json = json;
    }

    Optional<Duration> poll(UUID runId) {
        Optional<RemoteRun> found = runs.find(runId);
        if (found.isEmpty() || found.get().state().isTerminal()) {
            return Optional.empty();
        }
        RemoteRun run = found.get();
        try {
            if (run.externalJob().isEmpty()) {
                return submit(run);
            }
            String name = run.externalJob().get();
            PipelineJob job = jobs.get(name);
            if (run.state() == RunState.CANCELLING && !isCancelling(job.getState())) {
                log.info("Cancelling {} of run {}", name, runId);
                jobs.cancel(name);
                job = jobs.get(name);
            }
            runs.mirror(runId, PipelineJobSnapshots.of(job, json));
            return PipelineJobSnapshots.isFinished(job.getState()) ? Optional.empty() : Optional.of(interval);
        } catch (VertexPipelineJobs.ClientUnavailable e) {
            log.warn("Run {} cannot be executed on Vertex AI Pipelines: {}", runId, e.getMessage());
            runs.fail(runId, e.getMessage());
            return Optional.empty();
        } catch (ApiException e) {
            if (isPermanent(e.getStatusCode().getCode())) {
                runs.fail(runId, "Vertex AI Pipelines refused: " + e.getStatusCode().getCode() + " "
                        + e.getMessage() + hint(e.getStatusCode().getCode()));
                return Optional.empty();
            }
            log.warn("Vertex AI Pipelines unavailable for run {} ({}); trying again", runId, e.getMessage());
            return Optional.of(interval);
        }
    }

    private Optional<Duration> submit(RemoteRun run) {
        if (run.state() != RunState.QUEUED) {
            return Optional.empty();
        }
        PipelineJob job = jobs.submit(run);
        log.info("Run {} submitted as {}", run.id(), job.getName());
        if (!runs.submitted(run.id(), job.getName())) {
            jobs.cancel(job.getName());
            return Optional.empty();
        }
        return Optional.of(interval);
    }

    private static boolean isCancelling(PipelineState state) {
        return state == PipelineState.PIPELINE_STATE_CANCELLING || PipelineJobSnapshots.isFinished(state);
    }

    private static boolean isPermanent(StatusCode.Code code) {
        return switch (code) {
            case PERMISSION_DENIED, UNAUTHENTICATED, INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION -> true;
            default -> false;
        };
    }

    private static String hint(StatusCode.Code code) {
        return switch (code) {
            case PERMISSION_DENIED, UNAUTHENTICATED -> ". Grant the service's credentials roles/aiplatform.user and "
                    + "let the pipeline's service account read and write the gs:// pipeline root.";
            case NOT_FOUND -> ". The PipelineJob or the project/region no longer exists.";
            default -> "";
        };
    }
}
