package com.pipelines.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.cloud.aiplatform.v1.CreateEndpointOperationMetadata;
import com.google.cloud.aiplatform.v1.CreateEndpointRequest;
import com.google.cloud.aiplatform.v1.DeployModelOperationMetadata;
import com.google.cloud.aiplatform.v1.DeployModelRequest;
import com.google.cloud.aiplatform.v1.DeployModelResponse;
import com.google.cloud.aiplatform.v1.DeployedModel;
import com.google.cloud.aiplatform.v1.Endpoint;
import com.google.cloud.aiplatform.v1.GetEndpointRequest;
import com.google.cloud.aiplatform.v1.ListEndpointsRequest;
import com.google.cloud.aiplatform.v1.ListEndpointsResponse;
import com.google.cloud.aiplatform.v1.ListModelVersionsRequest;
import com.google.cloud.aiplatform.v1.ListModelVersionsResponse;
import com.google.cloud.aiplatform.v1.ListModelsRequest;
import com.google.cloud.aiplatform.v1.MergeVersionAliasesRequest;
import com.google.cloud.aiplatform.v1.ListModelsResponse;
import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.aiplatform.v1.UploadModelOperationMetadata;
import com.google.cloud.aiplatform.v1.UploadModelRequest;
import com.google.cloud.aiplatform.v1.UploadModelResponse;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;

/**
 * An in-process Vertex AI: the ModelService, EndpointService and Operations gRPC services the real
 * {@code google-cloud-aiplatform} client calls, with enough state to behave like the service (resource names,
 * label filters, traffic splits that must sum to 100, operations that finish after some polls). Every request is
 * recorded; failures can be injected per method.
 */
public final class FakeVertexAi implements AutoCloseable {

    private static final String MODELS = "google.cloud.aiplatform.v1.ModelService";
    private static final String ENDPOINTS = "google.cloud.aiplatform.v1.EndpointService";
    private static final String OPERATIONS = "google.longrunning.Operations";
    private static final Pattern DISPLAY_NAME_FILTER = Pattern.compile("display_name=\"([^\"]*)\"");
    private static final Pattern LABEL_FILTER = Pattern.compile("labels\\.([a-z0-9_-]+)=\"([^\"]*)\"");

    private final String name = "fake-vertex-" + System.nanoTime();
    private final Server server;
    private final ManagedChannel channel;
    private final AtomicLong ids = new AtomicLong(1000);
    private final Map<String, Model> models = new ConcurrentHashMap<>();
    /** Every version of every model, by model name, in version order (models holds each model's first). */
    private final Map<String, List<Model>> versions = new ConcurrentHashMap<>();
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, Integer> pollsLeft = new ConcurrentHashMap<>();
    private final Map<String, List<Status.Code>> failures = new ConcurrentHashMap<>();
    private final List<Message> requests = new CopyOnWriteArrayList<>();
    private final List<String> apiEndpoints = new CopyOnWriteArrayList<>();
    private volatile int pollsBeforeDone;
    private final FakePipelineService pipelines = new FakePipelineService();

    public FakeVertexAi() throws IOException {
        ServerServiceDefinition modelService = ServerServiceDefinition.builder(MODELS)
                .addMethod(method(MODELS, "UploadModel", UploadModelRequest.getDefaultInstance(),
                        Operation.getDefaultInstance()), handler("UploadModel", this::uploadModel))
                .addMethod(method(MODELS, "ListModels", ListModelsRequest.getDefaultInstance(),
                        ListModelsResponse.getDefaultInstance()), handler("ListModels", this::listModels))
                .addMethod(method(MODELS, "ListModelVersions", ListModelVersionsRequest.getDefaultInstance(),
                        ListModelVersionsResponse.getDefaultInstance()),
                        handler("ListModelVersions", this::listModelVersions))
                .addMethod(method(MODELS, "MergeVersionAliases", MergeVersionAliasesRequest.getDefaultInstance(),
                        Model.getDefaultInstance()), handler("MergeVersionAliases", this::mergeVersionAliases))
                .build();
        ServerServiceDefinition endpointService = ServerServiceDefinition.builder(ENDPOINTS)
                .addMethod(method(ENDPOINTS, "CreateEndpoint", CreateEndpointRequest.getDefaultInstance(),
                        Operation.getDefaultInstance()), handler("CreateEndpoint", this::createEndpoint))
                .addMethod(method(ENDPOINTS, "GetEndpoint", GetEndpointRequest.getDefaultInstance(),
                        Endpoint.getDefaultInstance()), handler("GetEndpoint", this::getEndpoint))
                .addMethod(method(ENDPOINTS, "ListEndpoints", ListEndpointsRequest.getDefaultInstance(),
                        ListEndpointsResponse.getDefaultInstance()), handler("ListEndpoints", this::listEndpoints))
                .addMethod(method(ENDPOINTS, "DeployModel", DeployModelRequest.getDefaultInstance(),
                        Operation.getDefaultInstance()), handler("DeployModel", this::deployModel))
                .build();
        ServerServiceDefinition operationService = ServerServiceDefinition.builder(OPERATIONS)
                .addMethod(method(OPERATIONS, "GetOperation", GetOperationRequest.getDefaultInstance(),
                        Operation.getDefaultInstance()), handler("GetOperation", this::getOperation))
                .build();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(modelService).addService(endpointService).addService(operationService)
                .addService(pipelines.definition(this))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    public ManagedChannel channel() {
        return channel;
    }

    /** The next {@code times} calls of {@code method} (e.g. "UploadModel") fail with {@code code}. */
    public void failNext(String method, Status.Code code, int times) {
        List<Status.Code> queue = failures.computeIfAbsent(method, m -> new CopyOnWriteArrayList<>());
        for (int i = 0; i < times; i++) {
            queue.add(code);
        }
    }

    /** Long-running operations report done only after this many GetOperation polls (0: done at once). */
    public void pollsBeforeDone(int polls) {
        this.pollsBeforeDone = polls;
    }

    /** The PipelineService (PipelineJobs) of this fake. */
    public FakePipelineService pipelines() {
        return pipelines;
    }

    public void reset() {
        pipelines.reset();
        failures.clear();
        requests.clear();
        apiEndpoints.clear();
        pollsBeforeDone = 0;
    }

    /** The host:port each client was configured with before its channel was pointed here. */
    public List<String> apiEndpoints() {
        return apiEndpoints;
    }

    void clientConfiguredFor(String apiEndpoint) {
        apiEndpoints.add(apiEndpoint);
    }

    public <T extends Message> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public Map<String, Endpoint> endpoints() {
        return endpoints;
    }

    public Map<String, Model> models() {
        return models;
    }

    private Operation uploadModel(UploadModelRequest request) {
        require(!request.getModel().getDisplayName().isBlank(), "model.display_name is required");
        require(request.getModel().getArtifactUri().startsWith("gs://"), "artifact_uri must be a gs:// uri");
        require(!request.getModel().getContainerSpec().getImageUri().isBlank(), "container_spec.image_uri is required");
        String modelName = request.getParentModel().isEmpty() ? request.getParent() + "/models/" + ids.incrementAndGet()
                : request.getParentModel();
        require(request.getParentModel().isEmpty() || versions.containsKey(modelName),
                "parent_model " + modelName + " not found");
        List<Model> all = versions.computeIfAbsent(modelName, m -> new CopyOnWriteArrayList<>());
        String versionId = Integer.toString(all.size() + 1);
        for (String alias : request.getModel().getVersionAliasesList()) {
            require(all.stream().noneMatch(v -> v.getVersionAliasesList().contains(alias)),
                    "alias " + alias + " is already used by another version");
        }
        Model version = request.getModel().toBuilder().setName(modelName).setVersionId(versionId).build();
        all.add(version);
        models.putIfAbsent(modelName, version);
        return operation(request.getParent(), UploadModelResponse.newBuilder().setModel(modelName)
                .setModelVersionId(versionId).build(), UploadModelOperationMetadata.getDefaultInstance());
    }

    /** A model name, or "name@version" / "name@alias" as DeployedModel.model may give it. */
    private boolean modelExists(String name) {
        String[] parts = name.split("@", 2);
        if (parts.length == 1) {
            return models.containsKey(name);
        }
        return versions.getOrDefault(parts[0], List.of()).stream().anyMatch(v -> v.getVersionId().equals(parts[1])
                || v.getVersionAliasesList().contains(parts[1]));
    }

    public List<Model> versions(String modelName) {
        return versions.getOrDefault(modelName, List.of());
    }

    private ListModelVersionsResponse listModelVersions(ListModelVersionsRequest request) {
        List<Model> all = versions.get(request.getName());
        if (all == null) {
            throw Status.NOT_FOUND.withDescription("model " + request.getName() + " not found").asRuntimeException();
        }
        return ListModelVersionsResponse.newBuilder().addAllModels(all.stream()
                .filter(m -> matches(request.getFilter(), m.getLabelsMap())).toList()).build();
    }

    /** As Vertex: "name@version", aliases to add, "-alias" to remove; an alias names at most one version. */
    private Model mergeVersionAliases(MergeVersionAliasesRequest request) {
        String[] parts = request.getName().split("@");
        List<Model> all = versions.get(parts[0]);
        require(all != null && parts.length == 2, "no model version " + request.getName());
        int index = Integer.parseInt(parts[1]) - 1;
        require(index >= 0 && index < all.size(), "no model version " + request.getName());
        List<String> aliases = new ArrayList<>(all.get(index).getVersionAliasesList());
        for (String alias : request.getVersionAliasesList()) {
            if (alias.startsWith("-")) {
                aliases.remove(alias.substring(1));
                continue;
            }
            for (int v = 0; v < all.size(); v++) {
                if (v != index && all.get(v).getVersionAliasesList().contains(alias)) {
                    throw Status.FAILED_PRECONDITION.withDescription("alias " + alias + " is used by version "
                            + (v + 1)).asRuntimeException();
                }
            }
            if (!aliases.contains(alias)) {
                aliases.add(alias);
            }
        }
        Model updated = all.get(index).toBuilder().clearVersionAliases().addAllVersionAliases(aliases).build();
        all.set(index, updated);
        return updated;
    }

    private ListModelsResponse listModels(ListModelsRequest request) {
        return ListModelsResponse.newBuilder().addAllModels(models.values().stream()
                .filter(m -> m.getName().startsWith(request.getParent() + "/"))
                .filter(m -> matches(request.getFilter(), m)).toList()).build();
    }

    private Operation createEndpoint(CreateEndpointRequest request) {
        String endpointName = request.getParent() + "/endpoints/" + ids.incrementAndGet();
        Endpoint endpoint = request.getEndpoint().toBuilder().setName(endpointName).build();
        endpoints.put(endpointName, endpoint);
        return operation(request.getParent(), endpoint, CreateEndpointOperationMetadata.getDefaultInstance());
    }

    private Endpoint getEndpoint(GetEndpointRequest request) {
        Endpoint endpoint = endpoints.get(request.getName());
        if (endpoint == null) {
            throw Status.NOT_FOUND.withDescription("Endpoint `" + request.getName() + "` not found.").asRuntimeException();
        }
        return endpoint;
    }

    private ListEndpointsResponse listEndpoints(ListEndpointsRequest request) {
        return ListEndpointsResponse.newBuilder().addAllEndpoints(endpoints.values().stream()
                .filter(e -> e.getName().startsWith(request.getParent() + "/"))
                .filter(e -> matches(request.getFilter(), e.getLabelsMap())).toList()).build();
    }

    private synchronized Operation deployModel(DeployModelRequest request) {
        Endpoint endpoint = getEndpoint(GetEndpointRequest.newBuilder().setName(request.getEndpoint()).build());
        DeployedModel wanted = request.getDeployedModel();
        if (!modelExists(wanted.getModel())) {
            throw Status.NOT_FOUND.withDescription("Model " + wanted.getModel() + " not found").asRuntimeException();
        }
        require(wanted.getDedicatedResources().getMachineSpec().getMachineType().matches("[a-z][a-z0-9]*-[a-z]+-\\d+"),
                "Machine type \"" + wanted.getDedicatedResources().getMachineSpec().getMachineType()
                        + "\" is not supported.");
        require(wanted.getDedicatedResources().getMinReplicaCount() >= 1, "min_replica_count must be >= 1");
        Map<String, Integer> split = request.getTrafficSplitMap();
        require(split.values().stream().mapToInt(Integer::intValue).sum() == 100, "traffic_split must sum to 100");
        for (String key : split.keySet()) {
            require(key.equals("0") || endpoint.getDeployedModelsList().stream().anyMatch(d -> d.getId().equals(key)),
                    "traffic_split names unknown deployed model " + key);
        }
        String id = Long.toString(ids.incrementAndGet());
        DeployedModel deployed = wanted.toBuilder().setId(id).build();
        Map<String, Integer> newSplit = new LinkedHashMap<>();
        split.forEach((key, percent) -> newSplit.put(key.equals("0") ? id : key, percent));
        endpoints.put(endpoint.getName(), endpoint.toBuilder().addDeployedModels(deployed)
                .clearTrafficSplit().putAllTrafficSplit(newSplit).build());
        return operation(endpoint.getName(), DeployModelResponse.newBuilder().setDeployedModel(deployed).build(),
                DeployModelOperationMetadata.getDefaultInstance());
    }

    private Operation getOperation(GetOperationRequest request) {
        Operation done = operations.get(request.getName());
        if (done == null) {
            throw Status.NOT_FOUND.withDescription("Operation " + request.getName() + " not found").asRuntimeException();
        }
        int left = pollsLeft.merge(request.getName(), -1, Integer::sum);
        return left < 0 ? done : running(done);
    }

    private Operation operation(String parent, Message response, Message metadata) {
        String operationName = parent + "/operations/" + ids.incrementAndGet();
        Operation done = Operation.newBuilder().setName(operationName).setDone(true)
                .setMetadata(Any.pack(metadata)).setResponse(Any.pack(response)).build();
        operations.put(operationName, done);
        pollsLeft.put(operationName, pollsBeforeDone);
        return pollsBeforeDone == 0 ? done : running(done);
    }

    private static Operation running(Operation done) {
        return Operation.newBuilder().setName(done.getName()).setMetadata(done.getMetadata()).setDone(false).build();
    }

    private static boolean matches(String filter, Model model) {
        Matcher name = DISPLAY_NAME_FILTER.matcher(filter == null ? "" : filter.trim());
        return name.matches() ? name.group(1).equals(model.getDisplayName()) : matches(filter, model.getLabelsMap());
    }

    private static boolean matches(String filter, Map<String, String> labels) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        Matcher matcher = LABEL_FILTER.matcher(filter.trim());
        if (!matcher.matches()) {
            throw Status.INVALID_ARGUMENT.withDescription("Unsupported filter: " + filter).asRuntimeException();
        }
        return matcher.group(2).equals(labels.get(matcher.group(1)));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
        }
    }

    static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(String service, String method,
                                                                                          Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }

    <Q extends Message, R extends Message> io.grpc.ServerCallHandler<Q, R> handler(String method,
                                                                                          Function<Q, R> logic) {
        return ServerCalls.asyncUnaryCall((request, observer) -> {
            requests.add(request);
            List<Status.Code> queue = failures.getOrDefault(method, new ArrayList<>());
            if (!queue.isEmpty()) {
                Status.Code code = queue.remove(0);
                observer.onError(Status.fromCode(code).withDescription("injected " + code).asRuntimeException());
                return;
            }
            try {
                observer.onNext(logic.apply(request));
                observer.onCompleted();
            } catch (StatusRuntimeException e) {
                observer.onError(e);
            }
        });
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
    }
}
