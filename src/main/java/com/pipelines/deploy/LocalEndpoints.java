package com.pipelines.deploy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The local model registry and endpoints. Changes to one endpoint are serialised by a row lock; every change is
 * announced ({@link EndpointChanged}) so that serving drops its cached routing. Operations a run performs are
 * keyed by the run, so a deploy step that runs twice reuses what its first attempt created.
 */
@Service
@Transactional
public class LocalEndpoints {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createTime"), Sort.Order.desc("id"));

    private static final SecureRandom IDS = new SecureRandom();
    private static final int MAX_VERSION_RACES = 20;

    private final RegisteredModelRepository models;
    private final EndpointRepository endpoints;
    private final DeployedModelRepository deployed;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LocalEndpoints(RegisteredModelRepository models, EndpointRepository endpoints, DeployedModelRepository deployed,
                   ApplicationEventPublisher events, Clock clock) {
        this.models = models;
        this.endpoints = endpoints;
        this.deployed = deployed;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Uploads a model; the same display name again becomes its next version (Vertex's parent_model). Concurrent
     * uploads of one name (several workers or replicas) race for the next version number: the unique constraint
     * decides, and the loser takes the number after. Each try is its own transaction.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public RegisteredModel registerModel(String project, String region, String displayName, String artifactUri,
                                         String servingImage, UUID runId) {
        for (int tries = 1; ; tries++) {
            Optional<RegisteredModel> earlier = runId == null ? Optional.empty() : models.findFirstByRunId(runId);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            int version = models.latestVersion(project, region, displayName) + 1;
            try {
                return models.saveAndFlush(new RegisteredModel(newId(), project, region, displayName, version,
                        artifactUri, servingImage, runId, clock.instant()));
            } catch (DataIntegrityViolationException raced) {
                if (tries >= MAX_VERSION_RACES) {
                    throw raced;
                }
            }
        }
    }

    /** A new endpoint (once per run when a run's deploy step makes it), recorded as {@code createdBy}'s. */
    public Endpoint createEndpoint(String project, String region, String displayName, UUID runId, String createdBy) {
        Optional<Endpoint> earlier = runId == null ? Optional.empty() : endpoints.findFirstByRunId(runId);
        return earlier.orElseGet(() -> {
            Endpoint created = endpoints.saveAndFlush(
                    new Endpoint(newId(), project, region, displayName, runId, clock.instant(), createdBy));
            events.publishEvent(new EndpointChanged(created.id()));
            return created;
        });
    }

    /** An endpoint by id or by full resource name, which must then match project and region. */
    @Transactional(readOnly = true)
    public Endpoint endpoint(String project, String region, String idOrName) {
        String id = idOrName.contains("/") ? idOrName.substring(idOrName.lastIndexOf('/') + 1) : idOrName;
        return endpoints.findById(id)
                .filter(e -> !idOrName.contains("/") || e.resourceName().equals(idOrName))
                .filter(e -> project == null || (e.project().equals(project) && e.region().equals(region)))
                .orElseThrow(() -> DeployException.endpointNotFound(idOrName));
    }

    /** Deploys a model with {@code trafficPercentage} of the endpoint's traffic; the others are scaled down. */
    public DeployedModel deploy(String endpointId, RegisteredModel model, int trafficPercentage, String machineType,
                                int minReplicas, int maxReplicas, UUID runId) {
        return deploy(endpointId, model, null, trafficPercentage, machineType, minReplicas, maxReplicas, runId);
    }

    /** The same, following {@code alias} of the model when it is not null: moving the alias swaps what it serves. */
    public DeployedModel deploy(String endpointId, RegisteredModel model, String alias, int trafficPercentage,
                                String machineType, int minReplicas, int maxReplicas, UUID runId) {
        endpoints.lockById(endpointId).orElseThrow(() -> DeployException.endpointNotFound(endpointId));
        Optional<DeployedModel> earlier = runId == null ? Optional.empty()
                : deployed.findFirstByEndpointIdAndRunId(endpointId, runId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        List<DeployedModel> current = deployed.findByEndpointIdOrderByCreateTime(endpointId);
        DeployedModel added = new DeployedModel(newId(), endpointId, model.id(), 0, machineType, minReplicas,
                maxReplicas, runId, clock.instant());
        added.follow(alias);
        Map<String, Integer> split = TrafficSplit.withNewModel(shares(current), added.id(), trafficPercentage);
        current.forEach(d -> d.setTrafficPercentage(split.get(d.id())));
        added.setTrafficPercentage(split.get(added.id()));
        deployed.saveAndFlush(added);
        events.publishEvent(new EndpointChanged(endpointId));
        return added;
    }

    public Map<String, Integer> setTrafficSplit(String endpointId, Map<String, Integer> split) {
        endpoints.lockById(endpointId).orElseThrow(() -> DeployException.endpointNotFound(endpointId));
        List<DeployedModel> current = deployed.findByEndpointIdOrderByCreateTime(endpointId);
        TrafficSplit.validate(split, shares(current).keySet());
        current.forEach(d -> d.setTrafficPercentage(split.get(d.id())));
        events.publishEvent(new EndpointChanged(endpointId));
        return shares(current);
    }

    public Map<String, Integer> undeploy(String endpointId, String deployedModelId) {
        endpoints.lockById(endpointId).orElseThrow(() -> DeployException.endpointNotFound(endpointId));
        List<DeployedModel> current = deployed.findByEndpointIdOrderByCreateTime(endpointId);
        DeployedModel removed = current.stream().filter(d -> d.id().equals(deployedModelId)).findFirst()
                .orElseThrow(() -> DeployException.deployedModelNotFound(deployedModelId));
        Map<String, Integer> split = TrafficSplit.without(shares(current), deployedModelId);
        deployed.delete(removed);
        current.stream().filter(d -> d != removed).forEach(d -> d.setTrafficPercentage(split.get(d.id())));
        events.publishEvent(new EndpointChanged(endpointId));
        return split;
    }

    public void deleteEndpoint(String endpointId) {
        Endpoint endpoint = endpoints.lockById(endpointId)
                .orElseThrow(() -> DeployException.endpointNotFound(endpointId));
        if (!deployed.findByEndpointIdOrderByCreateTime(endpointId).isEmpty()) {
            throw DeployException.endpointInUse(endpoint.resourceName());
        }
        endpoints.delete(endpoint);
        events.publishEvent(new EndpointChanged(endpointId));
    }

    /** The endpoint's routing table; 404 when the endpoint is unknown or not in this project and region. */
    @Transactional(readOnly = true)
    public Route route(String project, String region, String endpointId) {
        Endpoint endpoint = endpoint(project, region, endpointId);
        List<Route.Target> targets = deployed.findByEndpointIdOrderByCreateTime(endpoint.id()).stream()
                .map(d -> {
                    RegisteredModel m = models.findById(d.modelId()).orElseThrow();
                    return new Route.Target(d.id(), m.id(), m.resourceName(), m.displayName(), m.versionId(),
                            m.artifactUri(), d.trafficPercentage());
                }).toList();
        return new Route(endpoint.id(), targets);
    }

    /** Sets a version's description, labels (JSON) and lineage (JSON). */
    public void describe(String modelId, String description, String labels, String lineage) {
        RegisteredModel model = models.findById(modelId).orElseThrow(() -> DeployException.modelNotFound(modelId));
        model.describe(description, labels);
        model.setLineage(lineage);
        models.saveAndFlush(model);
    }

    /** Deployments that follow {@code alias} of the model {@code version} belongs to. */
    @Transactional(readOnly = true)
    public List<DeployedModel> following(RegisteredModel version, String alias) {
        return deployed.findByAliasNotNull().stream().filter(d -> d.alias().equals(alias))
                .filter(d -> models.findById(d.modelId()).map(m -> m.displayName().equals(version.displayName())
                        && m.project().equals(version.project()) && m.region().equals(version.region()))
                        .orElse(false)).toList();
    }

    /** Where a version is deployed now. */
    @Transactional(readOnly = true)
    public List<DeployedModel> deploymentsOf(String modelId) {
        return deployed.findByModelId(modelId);
    }

    @Transactional(readOnly = true)
    public List<DeployedModel> deployedModels(String endpointId) {
        return deployed.findByEndpointIdOrderByCreateTime(endpointId);
    }

    @Transactional(readOnly = true)
    public RegisteredModel model(String id) {
        return models.findById(id).orElseThrow(() -> DeployException.modelNotFound(id));
    }

    /** One page of models, newest first: two queries (the page and its count). */
    @Transactional(readOnly = true)
    public Page<RegisteredModel> models(int page, int size) {
        return models.findAll(PageRequest.of(page, size, NEWEST_FIRST));
    }

    @Transactional(readOnly = true)
    public List<RegisteredModel> versions(RegisteredModel model) {
        return models.findByProjectAndRegionAndDisplayNameOrderByVersionId(model.project(), model.region(),
                model.displayName());
    }

    /** Endpoints with what is deployed on them and the deployed models' registry entries. */
    public record EndpointListing(Page<Endpoint> endpoints, Map<String, List<DeployedModel>> deployed,
                                  Map<String, RegisteredModel> models) {
    }

    /** One page of endpoints, newest first, in four queries however many endpoints and deployments it holds. */
    @Transactional(readOnly = true)
    public EndpointListing endpoints(int page, int size) {
        return listing(endpoints.findAll(PageRequest.of(page, size, NEWEST_FIRST)));
    }

    /** One endpoint as a listing of one. */
    @Transactional(readOnly = true)
    public EndpointListing listing(Endpoint endpoint) {
        return listing(new PageImpl<>(List.of(endpoint)));
    }

    private EndpointListing listing(Page<Endpoint> page) {
        List<String> ids = page.getContent().stream().map(Endpoint::id).toList();
        Map<String, List<DeployedModel>> byEndpoint = new LinkedHashMap<>();
        ids.forEach(id -> byEndpoint.put(id, new ArrayList<>()));
        List<DeployedModel> all = ids.isEmpty() ? List.of() : deployed.findByEndpointIdInOrderByCreateTime(ids);
        all.forEach(d -> byEndpoint.get(d.endpointId()).add(d));
        Set<String> modelIds = all.stream().map(DeployedModel::modelId).collect(Collectors.toSet());
        Map<String, RegisteredModel> byId = modelIds.isEmpty() ? Map.of() : models.findByIdIn(modelIds).stream()
                .collect(Collectors.toMap(RegisteredModel::id, m -> m));
        return new EndpointListing(page, byEndpoint, byId);
    }

    private static Map<String, Integer> shares(List<DeployedModel> current) {
        return current.stream().collect(Collectors.toMap(DeployedModel::id, DeployedModel::trafficPercentage,
                (a, b) -> a, LinkedHashMap::new));
    }

    private static String newId() {
        return Long.toString(IDS.nextLong() & Long.MAX_VALUE);
    }
}
