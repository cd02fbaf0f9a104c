package com.pipelines.serving;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.pipelines.datasets.DatasetSchema;
import com.pipelines.deploy.DeployException;
import com.pipelines.deploy.EndpointChanged;
import com.pipelines.deploy.LocalEndpoints;
import com.pipelines.deploy.Route;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Vertex AI's online prediction API for local endpoints. The traffic split picks the deployed model per request.
 * Routing tables are cached per endpoint, dropped when the endpoint changes here and re-read after
 * {@link #ROUTE_TTL_NANOS} in any case (a change made through another replica, or a load that raced a change).
 */
@Tag(name = "Prediction", description = "Vertex AI-compatible online prediction on local endpoints")
@RestController
class PredictionController {

    private final LocalEndpoints endpoints;
    private final ModelServer server;
    private final ServingProperties properties;
    private static final long ROUTE_TTL_NANOS = 2_000_000_000L;

    private record CachedRoute(Route route, long loadedAt) {
    }

    private final Map<String, CachedRoute> routes = new ConcurrentHashMap<>();

    private final EndpointMeters meters;
    private final DriftMonitor drift;

    PredictionController(LocalEndpoints endpoints, ModelServer server, ServingProperties properties,
                         EndpointMeters meters, DriftMonitor drift) {
        this.meters = meters;
        this.drift = drift;
        this.endpoints = endpoints;
        this.server = server;
        this.properties = properties;
    }

    @Schema(description = "Vertex AI PredictResponse")
    record PredictResponse(@Schema(description = "the class probabilities per instance, in class order")
                           float[][] predictions,
                           @Schema(description = "per instance, Vertex's classification output: class ids and "
                                   + "display names by descending confidence") List<Classification> classifications,
                           String deployedModelId, String model, String modelDisplayName, String modelVersionId) {
    }

    @Schema(description = "Vertex AI's classification prediction")
    record Classification(List<String> ids, List<String> displayNames, List<Float> confidences) {
    }

    @Operation(operationId = "predict",
            summary = "Predict", description = "Body {\"instances\": [...]}: for image models each instance an "
            + "h x w (x c) or flat array of 0-1 pixels, or {\"b64\": PNG/JPEG}; for table models an array in feature "
            + "order or an object keyed by feature name. The model's shape is in its assets.extra/pipelines-input.json.", requestBody = @RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "application/json", schema = @Schema(example = "{\"instances\": [[0.0, 0.5, \"... 784 pixels\"]]}"))))
    @ApiResponse(responseCode = "400", description = "A bad instance, named")
    @ApiResponse(responseCode = "404", description = "No such endpoint")
    @ApiResponse(responseCode = "413", description = "The body is larger than pipelines.max-predict-request-size")
    @ApiResponse(responseCode = "503", description = "The deployed model cannot answer now (its SavedModel is "
            + "missing or unreadable, or it failed or timed out); the problem names the deployed model")
    @ApiResponse(responseCode = "200", description = "Probabilities of the ten classes per instance",
            useReturnTypeSchema = true)
    @PostMapping(path = "/v1/projects/{project}/locations/{location}/endpoints/{endpoint}:predict",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    PredictResponse predict(@PathVariable String project, @PathVariable String location,
                            @PathVariable String endpoint, HttpServletRequest request,
                            jakarta.servlet.http.HttpServletResponse response) throws IOException {
        String key = project + "/" + location + "/" + endpoint;
        CachedRoute cached = routes.get(key);
        long now = System.nanoTime();
        if (cached == null || now - cached.loadedAt() > ROUTE_TTL_NANOS) {
            cached = new CachedRoute(endpoints.route(project, location, endpoint), now);
            routes.put(key, cached);
        }
        Route route = cached.route();
        long started = System.nanoTime();
        String deployedModel = "none";
        try {
            Route.Target target = route.pick(ThreadLocalRandom.current().nextInt(100));
            if (target == null) {
                throw ServingException.nothingDeployed(endpoint);
            }
            deployedModel = target.deployedModelId();
            PredictResponse answer = answer(route, target, request, response);
            meters.served(route.endpointId(), deployedModel, answer.predictions().length, System.nanoTime() - started);
            return answer;
        } catch (ServingException e) {
            meters.failed(route.endpointId(), deployedModel, e.getStatusCode().value() == 503 ? "unavailable"
                    : "bad_request", System.nanoTime() - started);
            throw e;
        } catch (IOException e) {
            meters.failed(route.endpointId(), deployedModel, "unreadable_body", System.nanoTime() - started);
            throw e;
        }
    }

    private PredictResponse answer(Route route, Route.Target target, HttpServletRequest request,
                                   jakarta.servlet.http.HttpServletResponse response) throws IOException {
        float[] probabilities;
        DatasetSchema schema;
        InstanceParser.Instances instances;
        try {
            schema = server.signature(target.modelId(), target.artifactUri()).schema();
            instances = InstanceParser.parse(request.getInputStream(), schema, properties.maxInstances());
            probabilities = server.predict(target.modelId(), target.artifactUri(), instances.values(),
                    instances.count());
        } catch (ModelUnavailable e) {
            throw ServingException.modelUnavailable(target.deployedModelId(), e.getMessage());
        }
        response.setHeader("X-Deployed-Model-Id", target.deployedModelId());
        response.setHeader("X-Model-Version-Id", Integer.toString(target.modelVersionId()));
        int classes = schema.classes();
        float[][] predictions = new float[instances.count()][];
        List<Classification> classifications = new ArrayList<>(instances.count());
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = java.util.Arrays.copyOfRange(probabilities, i * classes, (i + 1) * classes);
            classifications.add(classification(predictions[i], schema.classNames()));
        }
        drift.observe(route.endpointId(), target.deployedModelId(), target.modelId(), schema, instances.values(),
                instances.count(), probabilities);
        return new PredictResponse(predictions, classifications, target.deployedModelId(), target.modelResourceName(),
                target.modelDisplayName(), Integer.toString(target.modelVersionId()));
    }

    private static Classification classification(float[] probabilities, List<String> names) {
        int[] order = PredictionLines.byConfidence(probabilities, 0, probabilities.length);
        List<String> ids = new ArrayList<>(order.length);
        List<String> displayNames = new ArrayList<>(order.length);
        List<Float> confidences = new ArrayList<>(order.length);
        for (int c : order) {
            ids.add(Integer.toString(c));
            displayNames.add(names.get(c));
            confidences.add(probabilities[c]);
        }
        return new Classification(ids, displayNames, confidences);
    }

    /**
     * An endpoint changed here (a deploy, a split, an alias moved): its models are loaded first, then the cached route
     * is replaced, so requests in between are answered by what was serving (a swap drops nothing).
     */
    @TransactionalEventListener(fallbackExecution = true)
    void on(EndpointChanged changed) {
        try {
            Route route = endpoints.route(null, null, changed.endpointId());
            route.targets().forEach(t -> server.warm(t.modelId(), t.artifactUri()));
            long now = System.nanoTime();
            routes.replaceAll((key, cached) -> cached.route().endpointId().equals(changed.endpointId())
                    ? new CachedRoute(route, now) : cached);
        } catch (DeployException deleted) {
            routes.values().removeIf(cached -> cached.route().endpointId().equals(changed.endpointId()));
        } catch (RuntimeException e) {
            routes.values().removeIf(cached -> cached.route().endpointId().equals(changed.endpointId()));
            org.slf4j.LoggerFactory.getLogger(PredictionController.class).warn("Could not preload models: {}", e.toString());
        }
    }
}
