package com.pipelines.deploy;

import java.io.IOException;
import java.time.Duration;

import com.google.api.gax.longrunning.OperationTimedPollAlgorithm;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.aiplatform.v1.EndpointServiceClient;
import com.google.cloud.aiplatform.v1.EndpointServiceSettings;
import com.google.cloud.aiplatform.v1.ModelServiceClient;
import com.google.cloud.aiplatform.v1.PipelineServiceClient;
import com.google.cloud.aiplatform.v1.PipelineServiceSettings;
import com.google.cloud.aiplatform.v1.ModelServiceSettings;
import com.google.api.gax.longrunning.OperationSnapshot;
import org.springframework.stereotype.Component;

/**
 * Builds the real Vertex AI clients for a region: every call retried on UNAVAILABLE and DEADLINE_EXCEEDED with
 * exponential backoff, long-running operations polled until {@code operation-timeout}.
 */
@Component
public class VertexClients {

    private final VertexTransport transport;
    private final VertexProperties properties;

    VertexClients(VertexTransport transport, VertexProperties properties) {
        this.transport = transport;
        this.properties = properties;
    }

    ModelServiceClient models(String region) throws IOException {
        ModelServiceSettings.Builder settings = ModelServiceSettings.newBuilder();
        transport.configure(settings, region);
        settings.applyToAllUnaryMethods(this::retrying);
        settings.uploadModelOperationSettings().setPollingAlgorithm(polling())
                .setInitialCallSettings(initialCall());
        return ModelServiceClient.create(settings.build());
    }

    EndpointServiceClient endpoints(String region) throws IOException {
        EndpointServiceSettings.Builder settings = EndpointServiceSettings.newBuilder();
        transport.configure(settings, region);
        settings.applyToAllUnaryMethods(this::retrying);
        settings.createEndpointOperationSettings().setPollingAlgorithm(polling())
                .setInitialCallSettings(initialCall());
        settings.deployModelOperationSettings().setPollingAlgorithm(polling())
                .setInitialCallSettings(initialCall());
        return EndpointServiceClient.create(settings.build());
    }

    /** The PipelineService of a region, for PipelineJobs (executor vertex-pipelines). */
    public PipelineServiceClient pipelines(String region) throws IOException {
        PipelineServiceSettings.Builder settings = PipelineServiceSettings.newBuilder();
        transport.configure(settings, region);
        settings.applyToAllUnaryMethods(this::retrying);
        return PipelineServiceClient.create(settings.build());
    }

    /** What a user reads when a client cannot be built: missing credentials or a bad endpoint, and what to do. */
    public static String cannotCreate(Exception e) {
        return "Cannot create the Vertex AI client: " + e.getMessage()
                + ". Provide Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS or "
                + "gcloud auth application-default login) and check pipelines.vertex.* endpoint settings.";
    }

    /** A long-running method's first call has settings of its own, apart from the unary methods'. */
    private <T> UnaryCallSettings<T, OperationSnapshot> initialCall() {
        UnaryCallSettings.Builder<T, OperationSnapshot> call = UnaryCallSettings.newUnaryCallSettingsBuilder();
        retrying(call);
        return call.build();
    }

    private Void retrying(UnaryCallSettings.Builder<?, ?> call) {
        call.setRetryableCodes(StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED);
        call.setRetrySettings(retrySettings());
        return null;
    }

    private RetrySettings retrySettings() {
        return RetrySettings.newBuilder()
                .setInitialRetryDelayDuration(properties.initialBackoff())
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(properties.maxBackoff())
                .setInitialRpcTimeoutDuration(properties.callTimeout())
                .setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(properties.callTimeout())
                .setMaxAttempts(properties.maxAttempts())
                .setTotalTimeoutDuration(properties.callTimeout().multipliedBy(properties.maxAttempts())
                        .plus(properties.maxBackoff().multipliedBy(properties.maxAttempts())))
                .build();
    }

    private OperationTimedPollAlgorithm polling() {
        Duration first = properties.pollInterval();
        Duration longest = first.compareTo(Duration.ofSeconds(30)) > 0 ? first : Duration.ofSeconds(30);
        return OperationTimedPollAlgorithm.create(RetrySettings.newBuilder()
                .setInitialRetryDelayDuration(first)
                .setRetryDelayMultiplier(1.5)
                .setMaxRetryDelayDuration(longest)
                .setInitialRpcTimeoutDuration(Duration.ZERO)
                .setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(Duration.ZERO)
                .setTotalTimeoutDuration(properties.operationTimeout())
                .build());
    }
}
