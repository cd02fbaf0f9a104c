package com.pipelines.runs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Runs by final state, run durations, and the number of queued runs, for Prometheus. */
@Component
class RunMeters {

    private final MeterRegistry registry;

    RunMeters(MeterRegistry registry, PipelineRunRepository runs) {
        this.registry = registry;
        Gauge.builder("pipelines.runs.queued", runs, repository -> repository.countByState(RunState.QUEUED))
                .description("Runs waiting for a worker")
                .register(registry);
    }

    @TransactionalEventListener
    void on(RunFinished finished) {
        Counter.builder("pipelines.runs.finished").description("Runs that reached a final state")
                .tag("pipeline", finished.pipelineName()).tag("state", finished.state().name())
                .register(registry).increment();
        Timer.builder("pipelines.runs.duration").description("Time from a run's start to its end")
                .tag("pipeline", finished.pipelineName()).tag("state", finished.state().name())
                .register(registry).record(finished.duration());
    }
}
