package com.pipelines.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.google.cloud.aiplatform.v1.Artifact;
import com.google.cloud.aiplatform.v1.CancelPipelineJobRequest;
import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.GetPipelineJobRequest;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineJobDetail;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.PipelineTaskDetail;
import com.google.protobuf.Empty;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.rpc.Code;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

/**
 * An in-process Vertex AI PipelineService: CreatePipelineJob checks the request as the service does (parent, job id,
 * gs:// output directory, a PipelineSpec with root DAG, components and executors, parameters declared by the spec),
 * then each GetPipelineJob moves the job one stage on — RUNNING, each DAG task RUNNING then SUCCEEDED in dependency
 * order with its declared output artifacts (metrics carry metadata, as the KFP launcher records a component's
 * ExecutorOutput) — until SUCCEEDED. A task can be made to fail, jobs can be held RUNNING, and CancelPipelineJob
 * moves a job through CANCELLING to CANCELLED.
 */
public final class FakePipelineService {

    static final String SERVICE = "google.cloud.aiplatform.v1.PipelineService";

    private final Map<String, PipelineJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, Integer> stages = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(5000);
    private volatile boolean held;
    private volatile String failingTask;
    private volatile Map<String, Object> metrics = defaultMetrics();

    ServerServiceDefinition definition(FakeVertexAi vertex) {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(FakeVertexAi.method(SERVICE, "CreatePipelineJob",
                        CreatePipelineJobRequest.getDefaultInstance(), PipelineJob.getDefaultInstance()),
                        vertex.handler("CreatePipelineJob", this::create))
                .addMethod(FakeVertexAi.method(SERVICE, "GetPipelineJob", GetPipelineJobRequest.getDefaultInstance(),
                        PipelineJob.getDefaultInstance()), vertex.handler("GetPipelineJob", this::get))
                .addMethod(FakeVertexAi.method(SERVICE, "CancelPipelineJob",
                        CancelPipelineJobRequest.getDefaultInstance(), Empty.getDefaultInstance()),
                        vertex.handler("CancelPipelineJob", this::cancel))
                .build();
    }

    public Map<String, PipelineJob> jobs() {
        return jobs;
    }

    /** While held, jobs stay RUNNING with their first task running. */
    public void hold(boolean hold) {
        this.held = hold;
    }

    /** The named task fails when it would have succeeded. */
    public void failTask(String task) {
        this.failingTask = task;
    }

    /** The metadata of every system.Metrics output from now on. */
    public void metrics(Map<String, Object> values) {
        this.metrics = values;
    }

    void reset() {
        held = false;
        failingTask = null;
        metrics = defaultMetrics();
    }

    private static Map<String, Object> defaultMetrics() {
        return Map.of("acc", 91.25, "loss", 0.27, "Model", "LinearModel", "dataset size", 60000);
    }

    private PipelineJob create(CreatePipelineJobRequest request) {
        require(request.getParent().matches("projects/[^/]+/locations/[a-z0-9-]+"), "invalid parent "
                + request.getParent());
        require(request.getPipelineJobId().matches("[a-z0-9][a-z0-9-]{0,127}"), "invalid pipeline_job_id");
        PipelineJob job = request.getPipelineJob();
        require(job.getRuntimeConfig().getGcsOutputDirectory().startsWith("gs://"),
                "runtime_config.gcs_output_directory must be a gs:// uri");
        Struct spec = job.getPipelineSpec();
        for (String field : List.of("root", "components", "deploymentSpec", "pipelineInfo", "schemaVersion")) {
            require(spec.containsFields(field), "pipeline_spec has no " + field);
        }
        Struct declared = struct(spec, "root", "inputDefinitions", "parameters");
        for (String parameter : job.getRuntimeConfig().getParameterValuesMap().keySet()) {
            require(declared.containsFields(parameter), "The pipeline parameter " + parameter
                    + " is not found in the pipeline job input definitions.");
        }
        String name = request.getParent() + "/pipelineJobs/" + request.getPipelineJobId();
        if (jobs.containsKey(name)) {
            throw Status.ALREADY_EXISTS.withDescription("PipelineJob " + name + " already exists").asRuntimeException();
        }
        List<PipelineTaskDetail> tasks = new ArrayList<>();
        tasks.add(task(spec.getFieldsOrThrow("pipelineInfo").getStructValue().getFieldsOrThrow("name")
                .getStringValue(), PipelineTaskDetail.State.PENDING));
        orderedTasks(spec).forEach(t -> tasks.add(task(t, PipelineTaskDetail.State.PENDING)));
        PipelineJob created = job.toBuilder().setName(name).setState(PipelineState.PIPELINE_STATE_PENDING)
                .setCreateTime(now()).setJobDetail(PipelineJobDetail.newBuilder().addAllTaskDetails(tasks)).build();
        jobs.put(name, created);
        stages.put(name, 0);
        return created;
    }

    private synchronized PipelineJob get(GetPipelineJobRequest request) {
        PipelineJob job = jobs.get(request.getName());
        if (job == null) {
            throw Status.NOT_FOUND.withDescription("PipelineJob " + request.getName() + " not found").asRuntimeException();
        }
        PipelineJob next = advance(job);
        jobs.put(job.getName(), next);
        return next;
    }

    private synchronized Empty cancel(CancelPipelineJobRequest request) {
        PipelineJob job = jobs.get(request.getName());
        if (job == null) {
            throw Status.NOT_FOUND.withDescription("PipelineJob " + request.getName() + " not found").asRuntimeException();
        }
        if (finished(job.getState())) {
            throw Status.FAILED_PRECONDITION.withDescription("PipelineJob is already finished").asRuntimeException();
        }
        jobs.put(job.getName(), job.toBuilder().setState(PipelineState.PIPELINE_STATE_CANCELLING).build());
        return Empty.getDefaultInstance();
    }

    private PipelineJob advance(PipelineJob job) {
        if (finished(job.getState())) {
            return job;
        }
        PipelineJob.Builder builder = job.toBuilder();
        List<PipelineTaskDetail> tasks = new ArrayList<>(job.getJobDetail().getTaskDetailsList());
        if (job.getState() == PipelineState.PIPELINE_STATE_CANCELLING) {
            tasks.replaceAll(t -> t.getState() == PipelineTaskDetail.State.RUNNING
                    || t.getState() == PipelineTaskDetail.State.PENDING
                    ? t.toBuilder().setState(PipelineTaskDetail.State.CANCELLED).setEndTime(now()).build() : t);
            return finish(builder, tasks, PipelineState.PIPELINE_STATE_CANCELLED);
        }
        int stage = stages.merge(job.getName(), 1, Integer::sum);
        if (stage > 1 && held) {
            return job;
        }
        builder.setState(PipelineState.PIPELINE_STATE_RUNNING).setStartTime(job.hasStartTime() ? job.getStartTime() : now());
        set(tasks, 0, PipelineTaskDetail.State.RUNNING, null);
        int done = stage - 1;
        for (int k = 1; k < tasks.size(); k++) {
            if (k <= done) {
                String taskName = tasks.get(k).getTaskName();
                if (taskName.equals(failingTask)) {
                    set(tasks, k, PipelineTaskDetail.State.FAILED, null);
                    set(tasks, 0, PipelineTaskDetail.State.FAILED, null);
                    builder.setError(com.google.rpc.Status.newBuilder().setCode(Code.INTERNAL_VALUE).setMessage(
                            "The DAG failed because some tasks failed. The failed tasks are: [" + taskName + "]."));
                    return finish(builder, tasks, PipelineState.PIPELINE_STATE_FAILED);
                }
                if (tasks.get(k).getState() != PipelineTaskDetail.State.SUCCEEDED) {
                    set(tasks, k, PipelineTaskDetail.State.SUCCEEDED, outputs(job, taskName));
                }
            } else if (k == done + 1) {
                set(tasks, k, PipelineTaskDetail.State.RUNNING, null);
            }
        }
        if (done >= tasks.size() - 1) {
            set(tasks, 0, PipelineTaskDetail.State.SUCCEEDED, null);
            return finish(builder, tasks, PipelineState.PIPELINE_STATE_SUCCEEDED);
        }
        return builder.setJobDetail(PipelineJobDetail.newBuilder().addAllTaskDetails(tasks)).build();
    }

    private static PipelineJob finish(PipelineJob.Builder builder, List<PipelineTaskDetail> tasks, PipelineState state) {
        return builder.setState(state).setEndTime(now())
                .setJobDetail(PipelineJobDetail.newBuilder().addAllTaskDetails(tasks)).build();
    }

    private static void set(List<PipelineTaskDetail> tasks, int index, PipelineTaskDetail.State state,
                            Map<String, PipelineTaskDetail.ArtifactList> outputs) {
        PipelineTaskDetail.Builder task = tasks.get(index).toBuilder().setState(state);
        if (state == PipelineTaskDetail.State.RUNNING && !task.hasStartTime()) {
            task.setStartTime(now());
        }
        if (state == PipelineTaskDetail.State.FAILED) {
            task.setError(com.google.rpc.Status.newBuilder().setCode(Code.INTERNAL_VALUE)
                    .setMessage("The replica workerpool0-0 exited with a non-zero status of 1."));
        }
        if (outputs != null) {
            task.putAllOutputs(outputs).setEndTime(now());
        }
        tasks.set(index, task.build());
    }

    /** The task's declared output artifacts, under the job's output directory, as the KFP launcher names them. */
    private Map<String, PipelineTaskDetail.ArtifactList> outputs(PipelineJob job, String taskName) {
        Struct spec = job.getPipelineSpec();
        String component = struct(spec, "root", "dag", "tasks", taskName, "componentRef").getFieldsOrThrow("name")
                .getStringValue();
        Struct declared = struct(spec, "components", component, "outputDefinitions", "artifacts");
        String parent = job.getName().substring(0, job.getName().indexOf("/pipelineJobs/"));
        String jobId = job.getName().substring(job.getName().lastIndexOf('/') + 1);
        Map<String, PipelineTaskDetail.ArtifactList> outputs = new LinkedHashMap<>();
        declared.getFieldsMap().forEach((name, definition) -> {
            String type = struct(definition.getStructValue(), "artifactType").getFieldsOrThrow("schemaTitle")
                    .getStringValue();
            Struct.Builder metadata = Struct.newBuilder();
            if (type.equals("system.Metrics")) {
                metrics.forEach((key, value) -> metadata.putFields(key, value instanceof Number n
                        ? Value.newBuilder().setNumberValue(n.doubleValue()).build()
                        : Value.newBuilder().setStringValue(value.toString()).build()));
            } else if (type.equals("system.Artifact")) {
                String kind = name.contains("endpoint") ? "endpoints" : "models";
                metadata.putFields("resourceName", Value.newBuilder()
                        .setStringValue(parent + "/" + kind + "/" + ids.incrementAndGet()).build());
            }
            String uri = job.getRuntimeConfig().getGcsOutputDirectory() + "/123456789/" + jobId + "/" + taskName
                    + "_" + ids.incrementAndGet() + "/" + name;
            outputs.put(name, PipelineTaskDetail.ArtifactList.newBuilder().addArtifacts(Artifact.newBuilder()
                    .setName(parent + "/metadataStores/default/artifacts/" + ids.incrementAndGet())
                    .setUri(uri).setSchemaTitle(type).setMetadata(metadata)).build());
        });
        return outputs;
    }

    /** DAG tasks in dependency order. */
    private static List<String> orderedTasks(Struct spec) {
        Struct dag = struct(spec, "root", "dag", "tasks");
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < dag.getFieldsCount()) {
            int before = ordered.size();
            dag.getFieldsMap().forEach((name, task) -> {
                List<String> after = task.getStructValue().getFieldsOrDefault("dependentTasks",
                        Value.getDefaultInstance()).getListValue().getValuesList().stream()
                        .map(Value::getStringValue).toList();
                if (!ordered.contains(name) && ordered.containsAll(after)) {
                    ordered.add(name);
                }
            });
            require(ordered.size() > before, "the pipeline DAG has a cycle");
        }
        return ordered;
    }

    private static PipelineTaskDetail task(String name, PipelineTaskDetail.State state) {
        return PipelineTaskDetail.newBuilder().setTaskName(name).setState(state).setCreateTime(now()).build();
    }

    private static Struct struct(Struct root, String... path) {
        Struct current = root;
        for (String key : path) {
            Value value = current.getFieldsMap().get(key);
            require(value != null && value.hasStructValue(), "pipeline_spec has no " + String.join(".", path));
            current = value.getStructValue();
        }
        return current;
    }

    private static boolean finished(PipelineState state) {
        return state == PipelineState.PIPELINE_STATE_SUCCEEDED || state == PipelineState.PIPELINE_STATE_FAILED
                || state == PipelineState.PIPELINE_STATE_CANCELLED;
    }

    private static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
        }
    }
}
