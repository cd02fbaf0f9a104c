package com.pipelines.execution;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.cloud.aiplatform.v1.CreatePipelineJobRequest;
import com.google.cloud.aiplatform.v1.LocationName;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineJobName;
import com.google.cloud.aiplatform.v1.PipelineServiceClient;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.pipelines.PipelinesProperties;
import com.pipelines.deploy.VertexClients;
import com.pipelines.pipeline.PipelineVersions;
import com.pipelines.remote.RemoteRuns.RemoteRun;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Vertex AI PipelineJobs through the real {@code PipelineServiceClient}: a run is compiled to the KFP v2
 * PipelineSpec (this service's image in command-line mode as every component) and submitted under a job id derived
 * from the run's, so that a submission repeated after a crash finds the job it created instead of making another.
 */
@Component
class VertexPipelineJobs implements DisposableBean {

    static final String RUN_LABEL = "pipelines-run-id";

    private final VertexClients clients;
    private final PipelineVersions versions;
    private final PipelinesProperties properties;
    private final JsonMapper json;
    private final Map<String, PipelineServiceClient> byRegion = new ConcurrentHashMap<>();

    VertexPipelineJobs(VertexClients clients, PipelineVersions versions, PipelinesProperties properties,
                       JsonMapper json) {
        this.clients = clients;
        this.versions = versions;
        this.properties = properties;
        this.json = json;
    }

    PipelineJob submit(RemoteRun run) {
        String project = parameter(run, "project", properties.project());
        String region = parameter(run, "region", properties.region());
        String jobId = pipelineJobId(run);
        PipelineJob.RuntimeConfig.Builder config = PipelineJob.RuntimeConfig.newBuilder()
                .setGcsOutputDirectory(run.pipelineRoot());
        run.parameterValues().forEach((name, value) -> config.putParameterValues(name, value(value)));
        PipelineJob job = PipelineJob.newBuilder()
                .setDisplayName(run.displayName())
                .setPipelineSpec(struct(versions.specToSubmit(run.pipelineName(), run.pipelineVersionId(),
                        run.enableCaching())))
                .setRuntimeConfig(config)
                .putLabels(RUN_LABEL, run.id().toString())
                .build();
        String parent = LocationName.of(project, region).toString();
        try {
            return client(region).createPipelineJob(CreatePipelineJobRequest.newBuilder()
                    .setParent(parent).setPipelineJob(job).setPipelineJobId(jobId).build());
        } catch (AlreadyExistsException created) {
            return get(parent + "/pipelineJobs/" + jobId);
        }
    }

    PipelineJob get(String name) {
        return client(PipelineJobName.parse(name).getLocation()).getPipelineJob(name);
    }

    void cancel(String name) {
        client(PipelineJobName.parse(name).getLocation()).cancelPipelineJob(name);
    }

    /** The run's job id; a resubmission after a retry gets {@code -r2}, {@code -r3}... (job ids are never reused). */
    static String pipelineJobId(RemoteRun run) {
        String suffix = run.submission() > 1 ? "-r" + run.submission() : "";
        String base = run.jobId();
        return (base.length() + suffix.length() > 128 ? base.substring(0, 128 - suffix.length()) : base) + suffix;
    }

    private static String parameter(RemoteRun run, String name, String fallback) {
        Object value = run.parameterValues().get(name);
        return value == null ? fallback : value.toString();
    }

    private static Value value(Object value) {
        if (value instanceof Number number) {
            return Value.newBuilder().setNumberValue(number.doubleValue()).build();
        }
        if (value instanceof Boolean bool) {
            return Value.newBuilder().setBoolValue(bool).build();
        }
        return Value.newBuilder().setStringValue(value.toString()).build();
    }

    private Struct struct(Map<String, Object> spec) {
        Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json.writeValueAsString(spec), struct);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("The compiled pipeline spec is not valid JSON", e);
        }
        return struct.build();
    }

    private PipelineServiceClient client(String region) {
        return byRegion.computeIfAbsent(region, r -> {
            try {
                return clients.pipelines(r);
            } catch (IOException | RuntimeException e) {
                throw new ClientUnavailable(VertexClients.cannotCreate(e), e);
            }
        });
    }

    /** The client could not be built (no credentials, a bad endpoint): retrying will not help. */
    static final class ClientUnavailable extends RuntimeException {
        ClientUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public void destroy() {
        byRegion.values().forEach(PipelineServiceClient::close);
    }
}
