package com.pipelines.remote;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.runs.PipelineRun;
import com.pipelines.runs.RunRecorder;
import com.pipelines.runs.RunState;
import com.pipelines.runs.RunTransitions;
import com.pipelines.runs.TaskRun;
import com.pipelines.runs.TaskState;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The run history side of an external executor: what to submit, the link to the submitted job, and the job's
 * state, task states, metrics and artifacts mirrored onto the run. Each call is one short transaction; mirroring
 * the same job state twice changes nothing.
 */
@Service
public class RemoteRuns {



    private final RemoteRunRows runs;
    private final RemoteTaskRows tasks;
    private final RunRecorder recorder;
    private final RunTransitions transitions;
    private final Clock clock;

    RemoteRuns(RemoteRunRows runs, RemoteTaskRows tasks, RunRecorder recorder, RunTransitions transitions,
               Clock clock) {
        this.runs = runs;
        this.tasks = tasks;
        this.recorder = recorder;
        this.transitions = transitions;
        this.clock = clock;
    }

    /** A run as its executor sees it. {@code submission} counts submissions: 1, then 2 after a retry... */
    public record RemoteRun(UUID id, String jobId, String displayName, String pipelineName,
                            Map<String, Object> parameterValues, String pipelineRoot, boolean enableCaching,
                            RunState state, Optional<String> externalJob, int submission,
                            UUID pipelineVersionId) {
    }

    /** A snapshot of the external job, in this service's terms. */
    public record RemoteJob(RunState state, String error, List<RemoteTask> tasks) {
    }

    /** One task of the external job; outputs are recorded once it has SUCCEEDED or been SKIPPED. */
    public record RemoteTask(String name, TaskState state, String error, List<RecordedArtifact> outputs) {
    }

    @Transactional(readOnly = true)
    public Optional<RemoteRun> find(UUID runId) {
        return runs.findById(runId).map(run -> new RemoteRun(run.id(), run.jobId(), run.displayName(),
                run.pipelineName(), run.parameterValues(), run.pipelineRoot(), run.enableCaching(), run.state(),
                run.externalJob(), (int) run.stateHistory().stream().filter(c -> c.state() == RunState.QUEUED)
                .count(), run.pipelineVersionId().orElse(null)));
    }

    /** Links the submitted job (QUEUED → PENDING). False if the run was cancelled meanwhile: cancel the job. */
    public boolean submitted(UUID runId, String jobName) {
        return transitions.retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow();
            if (run.state() != RunState.QUEUED) {
                return false;
            }
            Instant now = clock.instant();
            run.linkExternalJob(jobName);
            run.transitionTo(RunState.PENDING, "Submitted to Vertex AI Pipelines as " + jobName, now);
            recorder.touch(runId, now);
            return true;
        });
    }

    /** The job could not be submitted, or vanished: the run fails with the reason. */
    public void fail(UUID runId, String message) {
        transitions.retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow();
            if (!run.state().isTerminal()) {
                transitions.finish(run, RunState.FAILED, message, clock.instant());
            }
            return null;
        });
    }

    public void mirror(UUID runId, RemoteJob job) {
        transitions.retrying(() -> {
            PipelineRun run = runs.findById(runId).orElseThrow();
            if (run.state().isTerminal()) {
                return null;
            }
            Instant now = clock.instant();
            for (RemoteTask remote : job.tasks()) {
                tasks.findByRunIdAndName(runId, remote.name())
                        .filter(task -> task.state() != remote.state() && !task.state().isTerminal())
                        .ifPresent(task -> follow(run, task, remote, now));
            }
            RunState target = job.state();
            boolean started = run.state() == RunState.QUEUED || run.state() == RunState.PENDING;
            if (started && (target == RunState.RUNNING || target == RunState.SUCCEEDED)) {
                run.transitionTo(RunState.RUNNING, "Vertex AI PipelineJob running", now);
            }
            if (target == RunState.CANCELLING && run.state().canTransitionTo(RunState.CANCELLING)) {
                run.transitionTo(RunState.CANCELLING, "Vertex AI PipelineJob cancelling", now);
            }
            if (target.isTerminal()) {
                String message = switch (target) {
                    case SUCCEEDED -> "Vertex AI PipelineJob succeeded";
                    case CANCELLED -> "Cancelled";
                    default -> "Vertex AI PipelineJob failed: "
                            + (job.error() == null ? "no reason given" : job.error());
                };
                transitions.finish(run, target, message, now);
            }
            recorder.touch(runId, now);
            return null;
        });
    }

    private void follow(PipelineRun run, TaskRun task, RemoteTask remote, Instant now) {
        TaskState target = remote.state();
        if (task.state() == TaskState.PENDING && (target == TaskState.RUNNING || target == TaskState.SUCCEEDED)) {
            task.transitionTo(TaskState.RUNNING, null, now);
            recorder.note(run.id(), task.name(), task.attempt(), "Running on Vertex AI Pipelines");
        }
        if (target == TaskState.PENDING || target == TaskState.RUNNING || !task.state().canTransitionTo(target)) {
            return;
        }
        task.transitionTo(target, remote.error() != null ? remote.error() : target.name().charAt(0)
                + target.name().substring(1).toLowerCase(), now);
        recorder.note(run.id(), task.name(), task.attempt(), "Vertex AI task " + target
                + (remote.error() == null ? "" : ": " + remote.error()));
        if (target == TaskState.SUCCEEDED || target == TaskState.SKIPPED) {
            remote.outputs().forEach(output -> record(run.id(), task.name(), output));
        }
    }

    private void record(UUID runId, String task, RecordedArtifact output) {
        recorder.artifact(runId, task, output.name(), output.type(), output.uri(), output.metadata());
        if (!ArtifactSpec.METRICS.equals(output.type())) {
            return;
        }
        output.metadata().forEach((key, value) -> {
            if (value instanceof Number number) {
                recorder.metric(runId, task, key, number.doubleValue(), null, null);
            } else if (value instanceof String text) {
                recorder.metric(runId, task, key, null, text, null);
            }
        });
    }
}
