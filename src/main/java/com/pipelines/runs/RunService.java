package com.pipelines.runs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pipelines.artifacts.PipelineRoots;
import com.pipelines.pipeline.PipelineSelection;
import com.pipelines.pipeline.PipelineVersions;
import com.pipelines.pipeline.ir.TaskNode;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Submits and cancels runs. Submission stores the run, its tasks and its first step's execution in one transaction. */
@Service
public class RunService {

    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_JOB_ID_TRIES = 5;

    private final PipelineVersions versions;
    private final PipelineRoots roots;
    private final PipelineRunRepository runs;
    private final TaskRunRepository tasks;
    private final RunParameterRepository parameterRows;
    private final RunTransitions transitions;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final com.pipelines.experiments.Experiments experiments;
    private final RunLabelRepository labelRows;

    RunService(PipelineVersions versions, PipelineRoots roots, PipelineRunRepository runs, TaskRunRepository tasks,
               RunParameterRepository parameterRows,
               RunTransitions transitions, ApplicationEventPublisher events, TransactionTemplate transaction,
               Clock clock, com.pipelines.experiments.Experiments experiments, RunLabelRepository labelRows) {
        this.experiments = experiments;
        this.labelRows = labelRows;
        this.versions = versions;
        this.roots = roots;
        this.runs = runs;
        this.tasks = tasks;
        this.parameterRows = parameterRows;
        this.transitions = transitions;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    public UUID create(CreateRunCommand command) {
        return create(command, UUID.randomUUID());
    }

    /** Submits a run under an id chosen by the caller (idempotent submissions choose it before creating). */
    public UUID create(CreateRunCommand command, UUID id) {
        return create(command, id, null);
    }

    /**
     * Checks a run request as {@link #create} would (pipeline, version, parameters, root, executor, staleness) and
     * creates nothing; the 400 names the field at fault.
     */
    public void validate(CreateRunCommand command) {
        PipelineSelection pipeline = select(command);
        staleness(command.cacheMaxStaleness());
        String pipelineRoot = roots.normalize(command.pipelineRoot());
        Map<String, Object> parameters = versions.resolveParameters(pipeline, command.parameterValues(),
                pipelineRoot, command.executorOrDefault() == RunExecutor.IN_PROCESS);
        if (command.executorOrDefault() == RunExecutor.VERTEX_PIPELINES) {
            checkRemotelyExecutable(pipelineRoot, parameters);
        }
        checkFailurePolicy(command, pipeline);
        experiments.forNewRun(command.experiment(), "experiment");
        com.pipelines.web.Labels.checked(command.labels(), "labels");
    }

    /**
     * FAIL_FAST stops a run at its first failure, so in-process it would never run an exit task (dsl.ExitHandler,
     * ignore_upstream_failure): refused by name rather than skipped.
     */
    private static void checkFailurePolicy(CreateRunCommand command, PipelineSelection pipeline) {
        if (command.failurePolicyOrDefault() == FailurePolicy.FAIL_FAST
                && command.executorOrDefault() == RunExecutor.IN_PROCESS) {
            pipeline.graph().tasks().stream().filter(TaskNode::afterAll).findFirst().ifPresent(exit -> {
                throw RunException.invalidField("failurePolicy", "FAIL_FAST would stop the run before task "
                        + exit.name() + ", which runs after its upstream tasks whatever their states (dsl.ExitHandler, "
                        + "ignore_upstream_failure); in-process it runs with FAIL_SLOW");
            });
        }
    }

    /** Submits a run a schedule fired, in the caller's transaction (so a rollback undoes both). */
    public UUID create(CreateRunCommand command, UUID id, RunOrigin origin) {
        PipelineSelection pipeline = select(command);
        Duration staleness = staleness(command.cacheMaxStaleness());
        String pipelineRoot = roots.normalize(command.pipelineRoot());
        Map<String, Object> parameters = versions.resolveParameters(pipeline, command.parameterValues(),
                pipelineRoot, command.executorOrDefault() == RunExecutor.IN_PROCESS);
        if (command.executorOrDefault() == RunExecutor.VERTEX_PIPELINES) {
            checkRemotelyExecutable(pipelineRoot, parameters);
        }
        checkFailurePolicy(command, pipeline);
        String experiment = experiments.forNewRun(command.experiment(), "experiment");
        Map<String, String> labels = com.pipelines.web.Labels.checked(command.labels(), "labels");
        // Checked before the insert's transaction: a refusal thrown inside it would doom a caller's transaction
        // that it joined (a schedule's fire, which records the refusal as a FAILED fire and must commit).
        if (command.jobId() != null && runs.existsByJobId(command.jobId())) {
            throw RunException.jobIdTaken(command.jobId());
        }
        for (int tries = 1; ; tries++) {
            try {
                return transaction.execute(status -> insert(id, pipeline, command, parameters, pipelineRoot,
                        staleness, origin, experiment, labels));
            } catch (DataIntegrityViolationException raced) {
                if (command.jobId() != null) {
                    throw RunException.jobIdTaken(command.jobId());
                }
                if (tries >= MAX_JOB_ID_TRIES) {
                    throw raced;
                }
            }
        }
    }

    private UUID insert(UUID id, PipelineSelection pipeline, CreateRunCommand command, Map<String, Object> parameters,
                        String pipelineRoot, Duration staleness, RunOrigin origin, String experiment,
                        Map<String, String> labels) {
        Instant now = clock.instant();
        String jobId = command.jobId() != null ? command.jobId() : freeJobId(pipeline.name(), now);
        if (command.jobId() != null && runs.existsByJobId(jobId)) {
            throw RunException.jobIdTaken(jobId);
        }
        String displayName = command.displayName() != null ? command.displayName() : jobId;
        PipelineRun run = new PipelineRun(id, jobId, pipeline.name(), displayName, parameters,
                command.enableCachingOrDefault(), pipelineRoot, command.executorOrDefault(), now);
        run.limitCacheStaleness(staleness);
        run.failWith(command.failurePolicyOrDefault());
        if (!pipeline.builtIn()) {
            run.runsVersion(pipeline.versionId(), pipeline.version());
        }
        if (origin != null) {
            run.createdBy(origin);
        }
        run.createdByKey(origin != null ? origin.createdBy() : com.pipelines.security.Callers.currentKeyName());
        run.joinExperiment(experiment);
        runs.saveAndFlush(run);
        labels.forEach((key, value) -> labelRows.save(new RunLabel(run.id(), key, value)));
        parameters.forEach((name, value) -> parameterRows.save(new RunParameter(run.id(), name, value)));
        List<TaskNode> nodes = pipeline.graph().tasks().stream().filter(node -> node.loop() == null).toList();
        for (int i = 0; i < nodes.size(); i++) {
            TaskNode node = nodes.get(i);
            tasks.save(new TaskRun(run.id(), node.name(), node.step(), node.parent(), i));
        }
        tasks.flush();
        if (run.executor() == RunExecutor.VERTEX_PIPELINES) {
            events.publishEvent(new RemoteRunQueued(run.id(), now));
        } else {
            transitions.start(run, now);
        }
        return run.id();
    }

    private PipelineSelection select(CreateRunCommand command) {
        if (command.pipelineSpec() == null || command.pipelineSpec().isEmpty()) {
            // generated clients send an empty object for an absent map
            return versions.select(command.pipelineNameOrDefault(), command.pipelineVersion());
        }
        if (command.pipelineName() != null || command.pipelineVersion() != null) {
            throw RunException.invalidField("pipelineSpec", "give pipelineName (and pipelineVersion) or "
                    + "pipelineSpec, not both");
        }
        return versions.selectInline(command.pipelineSpec());
    }

    /** A PipelineJob writes to Cloud Storage and its components run outside this service. */
    private static void checkRemotelyExecutable(String pipelineRoot, Map<String, Object> parameters) {
        if (!PipelineRoots.isGcs(pipelineRoot)) {
            throw RunException.invalidField("pipelineRoot", "executor vertex-pipelines needs a gs://bucket/path "
                    + "pipeline root");
        }
        if (parameters.containsKey("deployTarget") && !"vertex".equals(parameters.get("deployTarget"))) {
            throw RunException.invalidField("parameterValues.deployTarget", "executor vertex-pipelines deploys from "
                    + "a component container, so deployTarget must be vertex");
        }
    }

    private static Duration staleness(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            Duration duration = Duration.parse(iso);
            if (duration.isNegative()) {
                throw RunException.invalidField("cacheMaxStaleness", "must not be negative");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw RunException.invalidField("cacheMaxStaleness", "must be an ISO-8601 duration such as P7D or PT12H");
        }
    }

    private String freeJobId(String pipelineName, Instant now) {
        String base = truncate(pipelineName, 100) + "-" + JOB_TIME.format(now);
        String candidate = base;
        for (int suffix = 2; runs.existsByJobId(candidate); suffix++) {
            candidate = base + "-" + suffix;
        }
        return candidate;
    }

    private static String truncate(String text, int max) {
        String lower = text.toLowerCase().replaceAll("[^a-z0-9-]", "-");
        return lower.length() > max ? lower.substring(0, max) : lower;
    }

    /**
     * QUEUED or PENDING → CANCELLED at once; RUNNING → CANCELLING while a step runs (it stops at its next safe
     * point), else CANCELLED at once. Finished runs cannot be cancelled.
     */
    public RunState cancel(UUID id) {
        return transitions.requestCancel(id);
    }

    /** FAILED or CANCELLED → QUEUED, re-executing from the first step that did not succeed. */
    public String retry(UUID id) {
        return transitions.retry(id);
    }
}
