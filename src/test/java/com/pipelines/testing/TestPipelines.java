package com.pipelines.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.ParameterSpec;
import com.pipelines.pipeline.PipelineDefinition;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.StepContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A two-step pipeline defined in test code, to exercise the engine: {@code produce} writes a model-like artifact
 * and metrics, {@code consume} reads it. Parameter {@code behaviour} makes {@code produce} fail, fail once, or run
 * slowly until cancelled. Executions are counted per run and task.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestPipelines {

    public static final String PIPELINE = "test-pipeline";
    public static final Map<String, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();
    /**
     * Behaviour {@code gated}: attempt n of produce waits for its gate "write" to open, writes and reports its
     * outputs (model file and metric {@code acc} = n), then waits for its gate "finish".
     */
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    public static CountDownLatch gate(UUID runId, int attempt, String point) {
        return GATES.computeIfAbsent(runId + "/" + attempt + "/" + point, k -> new CountDownLatch(1));
    }

    /** The next schedule fire fails inside its transaction after its run was created, as a crash there would. */
    public static final java.util.concurrent.atomic.AtomicBoolean CRASH_NEXT_FIRE =
            new java.util.concurrent.atomic.AtomicBoolean();

    @org.springframework.context.event.EventListener
    void crashInjected(com.pipelines.schedules.ScheduleFired fired) {
        if (CRASH_NEXT_FIRE.getAndSet(false)) {
            throw new IllegalStateException("crash injected after the run of " + fired.scheduledTime() + " was created");
        }
    }

    /**
     * Faults injected into the engine: queueing a task of this name throws inside the transaction that advances the
     * DAG, as many times as the value says (then queueing works again).
     */
    public static final Map<String, AtomicInteger> QUEUEING_FAULTS = new ConcurrentHashMap<>();

    @org.springframework.context.event.EventListener
    void faultInjected(com.pipelines.runs.TaskQueued queued) {
        AtomicInteger left = QUEUEING_FAULTS.get(queued.task());
        if (left != null && left.getAndDecrement() > 0) {
            throw new IllegalStateException("fault injected while queueing " + queued.task());
        }
    }

    @Bean
    @org.springframework.context.annotation.Primary
    TestClock testClock() {
        return new TestClock();
    }

    public static int executions(UUID runId, String task) {
        return EXECUTIONS.getOrDefault(runId + "/" + task, new AtomicInteger()).get();
    }

    @Bean
    PipelineDefinition testPipelineDefinition() {
        return new PipelineDefinition(PIPELINE, "Engine test pipeline", List.of("produce", "consume"),
                List.of(ParameterSpec.choice("behaviour", "what produce does", "ok", "ok", "fail", "fail-once",
                                "slow", "permanent-fail", "consume-fails-first-time", "gated"),
                        ParameterSpec.integer("slowMillis", "how long a slow produce runs", 20_000L, 0, 600_000)),
                List.of());
    }

    @Bean
    PipelineStep produceStep() {
        return new PipelineStep() {
            @Override
            public String name() {
                return "produce";
            }

            /** The engine tests count executions: identical runs must execute, not hit the cache. */
            @Override
            public boolean cacheable() {
                return false;
            }

            @Override
            public List<ArtifactSpec> outputs() {
                return List.of(new ArtifactSpec("output_model", ArtifactSpec.MODEL),
                        new ArtifactSpec("metrics", ArtifactSpec.METRICS));
            }

            @Override
            public void execute(StepContext context) throws Exception {
                count(context);
                String behaviour = context.stringParameter("behaviour");
                context.log("behaviour " + behaviour);
                switch (behaviour) {
                    case "fail" -> throw new IllegalStateException("boom on attempt " + context.attempt());
                    case "permanent-fail" -> throw com.pipelines.pipeline.StepFailedException.permanent("no data");
                    case "fail-once" -> {
                        if (context.attempt() == 1) {
                            throw new IllegalStateException("first attempt fails");
                        }
                    }
                    case "slow" -> slow(context, context.longParameter("slowMillis").orElseThrow());
                    case "gated" -> {
                        gate(context.runId(), context.attempt(), "write").await();
                        Path model = context.outputPath("output_model");
                        Files.createDirectories(model);
                        Files.writeString(model.resolve("saved_model.pb"), "attempt " + context.attempt());
                        context.recordArtifact("output_model", ArtifactSpec.MODEL, model.toUri().toString(),
                                Map.of("attempt", context.attempt()));
                        context.logMetric("acc", context.attempt());
                        context.log("gated attempt " + context.attempt() + " wrote");
                        gate(context.runId(), context.attempt(), "finish").await();
                        return;
                    }
                    default -> { }
                }
                for (int epoch = 1; epoch <= 3; epoch++) {
                    context.logMetric("loss", 1.0 / epoch, epoch);
                    context.logMetric("acc", 90.0 + epoch, epoch);
                    context.reportProgress(epoch / 3.0, "epoch " + epoch, Map.of("epoch", epoch));
                }
                Path model = context.outputPath("output_model");
                Files.createDirectories(model);
                Files.writeString(model.resolve("saved_model.pb"), "model of " + context.runId());
                context.recordArtifact("output_model", ArtifactSpec.MODEL, model.toUri().toString(),
                        Map.of("framework", "test"));
                context.logMetric("acc", 93.0);
                context.logMetric("loss", 0.33);
                context.logMetric("Model", "TestModel");
                context.log("Model saved path : " + model);
            }
        };
    }

    @Bean
    PipelineStep consumeStep() {
        return new PipelineStep() {
            @Override
            public String name() {
                return "consume";
            }

            @Override
            public List<ArtifactSpec> inputs() {
                return List.of(new ArtifactSpec("output_model", ArtifactSpec.MODEL));
            }

            @Override
            public void execute(StepContext context) throws Exception {
                int execution = count(context);
                if ("consume-fails-first-time".equals(context.stringParameter("behaviour")) && execution == 1) {
                    throw com.pipelines.pipeline.StepFailedException.permanent("consumer not ready yet");
                }
                RecordedArtifact model = context.inputArtifact("output_model").orElseThrow();
                Path file = Path.of(java.net.URI.create(model.uri())).resolve("saved_model.pb");
                context.log("read " + Files.readString(file));
                context.recordArtifact("endpoint", ArtifactSpec.ARTIFACT, "local://endpoints/" + context.runId(),
                        Map.of());
            }
        };
    }

    /**
     * A standalone component for engine tests: records output parameter {@code value} = {@code text} unless
     * {@code mode} is {@code silent}; {@code fail} throws; {@code sleepMillis} first waits, cooperatively, or with
     * {@code mode} {@code hang} without ever looking at cancellation (a step stuck in a call), or with {@code stuck}
     * (its first execution only) without even answering an interrupt.
     */
    @Bean
    PipelineStep emitStep() {
        return new PipelineStep() {
            @Override
            public String name() {
                return "emit";
            }

            @Override
            public List<ParameterSpec> parameterSpecs() {
                return List.of(ParameterSpec.choice("mode", "what it does", "record", "record", "silent", "fail",
                                "throw", "hang", "stuck"),
                        ParameterSpec.text("text", "the value it records", "x", null),
                        ParameterSpec.integer("sleepMillis", "how long it works first", 0L, 0, 600_000));
            }

            @Override
            public Map<String, com.pipelines.pipeline.ParameterType> outputParameters() {
                return Map.of("value", com.pipelines.pipeline.ParameterType.STRING);
            }

            @Override
            public void execute(StepContext context) throws Exception {
                int execution = count(context);
                STARTS.computeIfAbsent(context.runId() + "/" + context.taskName(),
                        k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(System.nanoTime());
                String mode = context.stringParameter("mode");
                long millis = context.longParameter("sleepMillis").orElse(0L);
                if (mode.equals("hang")) {
                    Thread.sleep(millis);
                } else if (mode.equals("stuck")) {
                    long end = System.nanoTime() + (execution == 1 ? millis * 1_000_000 : 0);
                    for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                        try {
                            Thread.sleep(Math.max(1, left / 1_000_000));
                        } catch (InterruptedException ignored) {
                            // stuck: deaf to interrupts
                        }
                    }
                } else {
                    slow(context, millis);
                }
                switch (mode) {
                    case "fail" -> throw com.pipelines.pipeline.StepFailedException.permanent("emit failed");
                    case "throw" -> throw new IllegalStateException("emit threw on attempt " + context.attempt());
                    case "silent" -> context.log("recording nothing");
                    default -> context.outputParameter("value", context.stringParameter("text"));
                }
            }
        };
    }

    /** A standalone test component: joins its LIST input {@code values} into output parameter {@code joined}. */
    @Bean
    PipelineStep gatherStep() {
        return new PipelineStep() {
            @Override
            public String name() {
                return "gather";
            }

            @Override
            public List<ParameterSpec> parameterSpecs() {
                return List.of(new ParameterSpec("values", com.pipelines.pipeline.ParameterType.LIST, "what to join",
                        null, false, null, false, null, null, null));
            }

            @Override
            public Map<String, com.pipelines.pipeline.ParameterType> outputParameters() {
                return Map.of("joined", com.pipelines.pipeline.ParameterType.STRING);
            }

            @Override
            public void execute(StepContext context) {
                count(context);
                List<?> values = (List<?>) context.parameters().get("values");
                context.outputParameter("joined", String.join(",", values.stream().map(String::valueOf).toList()));
            }
        };
    }

    /** A standalone test component: records the {@code state} of the PipelineTaskFinalStatus it is given. */
    @Bean
    PipelineStep reportStep() {
        return new PipelineStep() {
            @Override
            public String name() {
                return "report";
            }

            @Override
            public List<ParameterSpec> parameterSpecs() {
                return List.of(new ParameterSpec("status", com.pipelines.pipeline.ParameterType.STRUCT,
                        "PipelineTaskFinalStatus", null, true, null, false, null, null, null));
            }

            @Override
            public Map<String, com.pipelines.pipeline.ParameterType> outputParameters() {
                return Map.of("state", com.pipelines.pipeline.ParameterType.STRING,
                        "task", com.pipelines.pipeline.ParameterType.STRING);
            }

            @Override
            public void execute(StepContext context) {
                count(context);
                Map<?, ?> status = (Map<?, ?>) context.parameters().getOrDefault("status", Map.of());
                context.outputParameter("state", String.valueOf(status.get("state")));
                context.outputParameter("task", String.valueOf(status.get("pipelineTaskName")));
            }
        };
    }

    /** When each execution of an emit task started (System.nanoTime), by run and task. */
    public static final Map<String, List<Long>> STARTS = new ConcurrentHashMap<>();

    private static int count(StepContext context) {
        return EXECUTIONS.computeIfAbsent(context.runId() + "/" + context.taskName(), k -> new AtomicInteger())
                .incrementAndGet();
    }

    private static void slow(StepContext context, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        int tick = 0;
        while (System.currentTimeMillis() < end) {
            context.checkCancelled();
            context.reportProgress(0.5, "working " + tick++, Map.of());
            Thread.sleep(20);
        }
    }
}
