package com.pipelines.execution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.cloud.aiplatform.v1.Artifact;

import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.PipelineTaskDetail;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.remote.RemoteRuns.RemoteJob;
import com.pipelines.remote.RemoteRuns.RemoteTask;
import com.pipelines.runs.RunState;
import com.pipelines.runs.TaskState;
import tools.jackson.databind.json.JsonMapper;

/** A PipelineJob as this service's run history sees it: Vertex states mapped to ours, outputs as artifacts. */
final class PipelineJobSnapshots {

    private PipelineJobSnapshots() {
    }

    static RemoteJob of(PipelineJob job, JsonMapper json) {
        List<RemoteTask> tasks = new ArrayList<>();
        for (PipelineTaskDetail detail : job.getJobDetail().getTaskDetailsList()) {
            List<RecordedArtifact> outputs = new ArrayList<>();
            for (Map.Entry<String, PipelineTaskDetail.ArtifactList> output : detail.getOutputsMap().entrySet()) {
                for (Artifact artifact : output.getValue().getArtifactsList()) {
                    Map<String, Object> metadata = map(artifact.getMetadata(), json);
                    Object resource = metadata.get("resourceName");
                    String uri = resource instanceof String name ? name : artifact.getUri();
                    outputs.add(new RecordedArtifact(detail.getTaskName(), output.getKey(), artifact.getSchemaTitle(),
                            uri, metadata));
                }
            }
            String error = detail.hasError() ? detail.getError().getMessage() : null;
            taskState(detail.getState()).ifPresent(state ->
                    tasks.add(new RemoteTask(detail.getTaskName(), state, error, outputs)));
        }
        String error = job.hasError() ? job.getError().getMessage() : null;
        return new RemoteJob(runState(job.getState()), error, tasks);
    }

    static boolean isFinished(PipelineState state) {
        return state == PipelineState.PIPELINE_STATE_SUCCEEDED || state == PipelineState.PIPELINE_STATE_FAILED
                || state == PipelineState.PIPELINE_STATE_CANCELLED;
    }

    static RunState runState(PipelineState state) {
        return switch (state) {
            case PIPELINE_STATE_SUCCEEDED -> RunState.SUCCEEDED;
            case PIPELINE_STATE_FAILED -> RunState.FAILED;
            case PIPELINE_STATE_CANCELLED -> RunState.CANCELLED;
            case PIPELINE_STATE_CANCELLING -> RunState.CANCELLING;
            case PIPELINE_STATE_RUNNING, PIPELINE_STATE_PAUSED -> RunState.RUNNING;
            default -> RunState.PENDING;
        };
    }

    /** Empty for states without a counterpart here (unspecified tasks stay as they are). */
    private static Optional<TaskState> taskState(PipelineTaskDetail.State state) {
        return Optional.ofNullable(switch (state) {
            case PENDING -> TaskState.PENDING;
            case RUNNING, CANCEL_PENDING, CANCELLING -> TaskState.RUNNING;
            case SUCCEEDED -> TaskState.SUCCEEDED;
            case SKIPPED -> TaskState.SKIPPED;
            case FAILED -> TaskState.FAILED;
            case CANCELLED -> TaskState.CANCELLED;
            case NOT_TRIGGERED -> TaskState.NOT_TRIGGERED;
            default -> null;
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Struct struct, JsonMapper json) {
        try {
            return new LinkedHashMap<>(json.readValue(JsonFormat.printer().print(struct), Map.class));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Unreadable artifact metadata", e);
        }
    }
}
