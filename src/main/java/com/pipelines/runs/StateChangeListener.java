package com.pipelines.runs;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Turns what JPA writes into events other features hear in the same transaction: a run's or a task's state changing
 * ({@link RunStateChanged}, {@link TaskStateChanged}) and a final metric recorded ({@link FinalMetricRecorded}).
 * Every change of state goes through the entities' methods, so every change is heard — whichever code made it.
 * Hibernate takes entity listeners from Spring's bean container (Boot configures it), so each application context's
 * entities publish to that context — never a static field shared by the contexts of one JVM.
 */
@Component
public class StateChangeListener {

    private final ApplicationEventPublisher publisher;

    StateChangeListener(ApplicationEventPublisher events) {
        this.publisher = events;
    }

    /** A run's state changed (or it was created, QUEUED). */
    public record RunStateChanged(UUID runId, String pipelineName, String experiment, RunState state, Instant time) {
    }

    public record TaskStateChanged(UUID runId, String task, TaskState state, int attempt, Instant time) {
    }

    public record FinalMetricRecorded(UUID runId, String task, String key, Object value) {
    }

    @PostLoad
    void loaded(Object entity) {
        if (entity instanceof PipelineRun run) {
            run.announced = run.state();
        } else if (entity instanceof TaskRun task) {
            task.announced = task.state();
        }
    }

    @PostPersist
    @PostUpdate
    void written(Object entity) {
        ApplicationEventPublisher events = publisher;
        if (entity instanceof PipelineRun run && run.state() != run.announced) {
            run.announced = run.state();
            events.publishEvent(new RunStateChanged(run.id(), run.pipelineName(), run.experiment(), run.state(),
                    run.updateTime()));
        } else if (entity instanceof TaskRun task && task.state() != task.announced) {
            task.announced = task.state();
            events.publishEvent(new TaskStateChanged(task.runId(), task.name(), task.state(), task.attempt(),
                    Instant.now()));
        } else if (entity instanceof RunMetric metric && metric.step() == null) {
            events.publishEvent(new FinalMetricRecorded(metric.runId(), metric.taskName(), metric.key(),
                    metric.value()));
        }
    }
}
