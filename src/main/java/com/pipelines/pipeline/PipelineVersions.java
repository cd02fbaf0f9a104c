package com.pipelines.pipeline;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.pipelines.Sha256;
import com.pipelines.pipeline.ir.ComponentContract;
import com.pipelines.pipeline.ir.PipelineGraph;
import com.pipelines.pipeline.ir.TaskNode;
import com.pipelines.pipeline.ir.SpecParser;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pipelines as PipelineSpec documents: the built-ins (compiled from their definitions, read-only, version 1) and
 * uploaded versions (validated by {@link SpecParser}, stored as canonical JSON, immutable). Parsed graphs are
 * cached, so starting or advancing a run never parses.
 */
@Service
public class PipelineVersions {

    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}";
    private static final int MAX_TRIES = 5;
    /** Where one-off runs' documents are kept (a name no upload can take: '/' is not allowed in names). */
    private static final String ONE_OFF = "one-off/";

    private final PipelineCatalog catalog;
    private final PipelineSpecCompiler compiler;
    private final PipelineVersionRepository versions;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Map<String, PipelineGraph> builtIns = new ConcurrentHashMap<>();
    private final BuiltInDocuments documents;
    private final Cache<UUID, PipelineGraph> graphs = Caffeine.newBuilder().maximumSize(256).build();
    /** The parameter names of every pipeline, for the run filter; re-read at most every few seconds. */
    private final Cache<String, java.util.Set<String>> parameterNames = Caffeine.newBuilder()
            .expireAfterWrite(java.time.Duration.ofSeconds(5)).build();
    /** A version's root input names (versions are immutable), so a refresh reads only the ids of new ones' specs. */
    private final Cache<UUID, List<String>> inputNames = Caffeine.newBuilder().maximumSize(100_000).build();

    PipelineVersions(PipelineCatalog catalog, PipelineSpecCompiler compiler, PipelineVersionRepository versions,
                     JsonMapper json, TransactionTemplate transaction, Clock clock, BuiltInDocuments documents) {
        this.documents = documents;
        this.catalog = catalog;
        this.compiler = compiler;
        this.versions = versions;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** The version a run of {@code name} executes: {@code version}, or the latest when null. */
    public PipelineSelection select(String name, Integer version) {
        if (isBuiltIn(name)) {
            if (version != null && version != 1) {
                throw PipelineException.versionNotFound(name, version);
            }
            return new PipelineSelection(name, null, 1, builtIn(name));
        }
        PipelineVersion found = (version == null ? versions.findFirstByPipelineNameOrderByVersionDesc(name)
                : versions.findByPipelineNameAndVersion(name, version))
                .orElseThrow(() -> version == null ? PipelineException.notFound(name)
                        : PipelineException.versionNotFound(name, version));
        return new PipelineSelection(name, found.id(), found.version(), graph(found));
    }

    /**
     * Validates a run's parameter values against the version's root inputs (type, optional, default) and, where a
     * value flows straight into one of our components, against that component's rules, blaming
     * {@code parameterValues.<root input>}; returns them with defaults filled in. An in-process run of a version with
     * foreign containers is refused, naming each component and its image.
     */
    public Map<String, Object> resolveParameters(PipelineSelection selection, Map<String, Object> given,
                                                 String pipelineRoot, boolean inProcess) {
        if (catalog.has(selection.name())) {
            return catalog.resolveParameters(selection.name(), given, pipelineRoot);
        }
        PipelineGraph graph = selection.graph();
        if (inProcess && !graph.runnableInProcess()) {
            throw PipelineException.notInProcess(graph.gaps().stream().map(gap -> new FieldViolation("executor",
                    gap.describe() + " (run it with executor vertex-pipelines)")).toList());
        }
        Map<String, Object> resolved = ParameterValidator.resolve(new PipelineDefinition(selection.name(),
                graph.description(), List.of(), graph.inputs(), List.of()), given, pipelineRoot);
        List<FieldViolation> errors = new java.util.ArrayList<>();
        for (TaskNode task : graph.tasks()) {
            ComponentContract contract = task.step() == null ? null
                    : catalog.step(task.step()).map(catalog::contract).orElse(null);
            if (contract == null) {
                continue;
            }
            task.parameters().forEach((input, binding) -> {
                String rootInput = rootInput(graph, task, binding);
                ParameterSpec rule = contract.parameters().get(input);
                Object value = rootInput == null ? null : resolved.get(rootInput);
                String problem = value == null || rule == null ? null : rule.violation(value);
                if (problem != null) {
                    errors.add(new FieldViolation("parameterValues." + rootInput, problem + " (it is input " + input
                            + " of task " + task.name() + ")"));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw PipelineException.invalidParameters(errors.stream().distinct().toList());
        }
        return resolved;
    }

    /** The root input a task's parameter comes from unchanged, through any sub-DAGs; null if it comes otherwise. */
    private static String rootInput(PipelineGraph graph, TaskNode task, TaskNode.Binding binding) {
        if (!(binding instanceof TaskNode.ComponentInput input)) {
            return null;
        }
        if (task.parent() == null) {
            return input.name();
        }
        TaskNode parent = graph.task(task.parent()).orElseThrow();
        TaskNode.Binding outer = parent.parameters().get(input.name());
        return outer == null ? null : rootInput(graph, parent, outer);
    }

    /**
     * A one-off run's pipeline ({@code pipelineSpec} inline, as {@code PipelineJob(template_path=…)}): validated like
     * an upload (errors under {@code pipelineSpec.}), stored once per distinct document under a hidden name so the
     * run keeps the version it ran; it is not listed among the pipelines.
     */
    public PipelineSelection selectInline(Map<String, Object> spec) {
        PipelineGraph graph;
        try {
            graph = SpecParser.parse(spec, catalog);
        } catch (PipelineException invalid) {
            throw PipelineException.invalidSpec(invalid.violations().stream().map(v -> new FieldViolation(
                    v.field().startsWith("$.") ? "pipelineSpec." + v.field().substring(2) : "pipelineSpec",
                    v.message())).toList());
        }
        String canonical = json.writeValueAsString(spec);
        String digest = Sha256.hex(canonical);
        String hidden = ONE_OFF + digest.substring(0, 32);
        PipelineVersion stored = versions.findByPipelineNameAndVersion(hidden, 1).orElseGet(() -> {
            try {
                return transaction.execute(status -> versions.saveAndFlush(new PipelineVersion(hidden, 1,
                        truncate(graph.description()), canonical, digest, clock.instant())));
            } catch (DataIntegrityViolationException raced) {
                return versions.findByPipelineNameAndVersion(hidden, 1).orElseThrow(() -> raced);
            }
        });
        graphs.put(stored.id(), graph);
        String name = graph.name() != null && graph.name().matches(NAME_PATTERN) ? graph.name() : "one-off";
        return new PipelineSelection(name, stored.id(), 0, graph);
    }

    /** The graph a run executes. */
    public PipelineGraph graph(String pipelineName, Optional<UUID> versionId) {
        if (versionId.isEmpty()) {
            return builtIn(pipelineName);
        }
        return graphs.get(versionId.get(), id -> graph(versions.findById(id).orElseThrow(() ->
                new IllegalStateException("pipeline version " + id + " is gone"))));
    }

    private PipelineGraph graph(PipelineVersion version) {
        return graphs.get(version.id(), id -> SpecParser.parse(read(version.spec()), catalog));
    }

    private PipelineGraph builtIn(String name) {
        return builtIns.computeIfAbsent(name, n -> SpecParser.parse(catalog.has(n) ? compiler.pipelineSpec(n)
                : documents.get(n).orElseThrow(() -> PipelineException.notFound(n)), catalog));
    }

    /** Built into the service, read-only: a pipeline defined in code or a document shipped in the jar. */
    public boolean isBuiltIn(String name) {
        return catalog.has(name) || documents.get(name).isPresent();
    }

    /** Names of the built-in documents (pipelines shipped as PipelineSpec files). */
    public List<String> builtInDocumentNames() {
        return documents.names();
    }

    private PipelineVersionView builtInView(String name) {
        if (catalog.has(name)) {
            return PipelineVersionView.builtIn(catalog.pipeline(name));
        }
        PipelineGraph graph = builtIn(name);
        return new PipelineVersionView(name, 1, graph.description(), null, null, true, graph.runnableInProcess(),
                graph.gaps(), graph.notes(), null);
    }

    /** Stores {@code spec} as version 1 of a new pipeline; 409 if the name is taken. */
    public PipelineVersionView uploadNew(String requestedName, Map<String, Object> spec, String description) {
        return upload(requestedName, spec, description, true);
    }

    /** Stores {@code spec} as the next version of an existing pipeline; 404 if there is none. */
    public PipelineVersionView uploadVersion(String name, Map<String, Object> spec, String description) {
        if (!isBuiltIn(name) && versions.latestVersion(name) == 0) {
            throw PipelineException.notFound(name);
        }
        return upload(name, spec, description, false);
    }

    private PipelineVersionView upload(String requestedName, Map<String, Object> spec, String description,
                                       boolean fresh) {
        PipelineGraph graph = SpecParser.parse(spec, catalog);
        String name = requestedName != null ? requestedName : graph.name();
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw PipelineException.invalidName(requestedName != null ? "name" : "$.pipelineInfo.name", name);
        }
        if (isBuiltIn(name)) {
            throw PipelineException.readOnly(name);
        }
        String canonical = json.writeValueAsString(spec);
        String digest = Sha256.hex(canonical);
        String about = description != null ? description : graph.description();
        for (int tries = 1; ; tries++) {
            try {
                PipelineVersion stored = transaction.execute(status -> {
                    int latest = versions.latestVersion(name);
                    if (fresh && latest > 0) {
                        throw PipelineException.nameTaken(name);
                    }
                    return versions.saveAndFlush(new PipelineVersion(name, latest + 1, truncate(about), canonical,
                            digest, clock.instant()));
                });
                graphs.put(stored.id(), graph);
                parameterNames.invalidateAll();
                return view(stored);
            } catch (DataIntegrityViolationException raced) {
                if (tries >= MAX_TRIES) {
                    throw raced;
                }
            }
        }
    }

    public List<PipelineVersionView> list(String name) {
        if (isBuiltIn(name)) {
            return List.of(builtInView(name));
        }
        List<PipelineVersionView> all = versions.findByPipelineNameOrderByVersionDesc(name).stream().map(this::view)
                .toList();
        if (all.isEmpty()) {
            throw PipelineException.notFound(name);
        }
        return all;
    }

    public PipelineVersionView get(String name, int version) {
        if (isBuiltIn(name)) {
            select(name, version);
            return builtInView(name);
        }
        return view(find(name, version));
    }

    /** The stored document of a version (the latest when null); a built-in's compiled spec. */
    public Map<String, Object> spec(String name, Integer version) {
        if (isBuiltIn(name)) {
            select(name, version);
            return catalog.has(name) ? compiler.pipelineSpec(name) : documents.get(name).orElseThrow();
        }
        PipelineVersion found = version == null ? versions.findFirstByPipelineNameOrderByVersionDesc(name)
                .orElseThrow(() -> PipelineException.notFound(name)) : find(name, version);
        return read(found.spec());
    }

    /**
     * The document a Vertex AI PipelineJob runs: the stored version as it is, or the built-in's compiled spec; with
     * caching off every task's {@code cachingOptions.enableCache} is false (a PipelineJob has no job-wide switch,
     * the SDK's {@code enable_caching=False} does the same).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> specToSubmit(String name, UUID versionId, boolean enableCaching) {
        if (versionId == null && catalog.has(name)) {
            return compiler.pipelineSpec(name, enableCaching);
        }
        Map<String, Object> spec = versionId == null ? documents.get(name).orElseThrow(() ->
                PipelineException.notFound(name)) : read(versions.findById(versionId).orElseThrow(() ->
                new IllegalStateException("pipeline version " + versionId + " is gone")).spec());
        spec = new java.util.LinkedHashMap<>(spec);
        // The kfp-kubernetes platform document is Kubernetes' configuration, not part of a Vertex AI PipelineSpec.
        spec.remove("platforms");
        if (!enableCaching) {
            List<Map<String, Object>> dags = new java.util.ArrayList<>();
            dags.add((Map<String, Object>) ((Map<String, Object>) spec.get("root")).get("dag"));
            ((Map<String, Object>) spec.getOrDefault("components", Map.of())).values().stream()
                    .map(c -> (Map<String, Object>) ((Map<String, Object>) c).get("dag"))
                    .filter(java.util.Objects::nonNull).forEach(dags::add);
            for (Map<String, Object> dag : dags) {
                ((Map<String, Object>) dag.get("tasks")).values().forEach(task -> ((Map<String, Object>) task)
                        .put("cachingOptions", Map.of("enableCache", false)));
            }
        }
        return spec;
    }

    /** Deletes a version no run has executed; a version with runs stays, as their record. */
    public void delete(String name, int version) {
        if (isBuiltIn(name)) {
            throw PipelineException.readOnly(name);
        }
        PipelineVersion found = find(name, version);
        try {
            transaction.executeWithoutResult(status -> {
                versions.deleteById(found.id());
                versions.flush();
            });
        } catch (DataIntegrityViolationException used) {
            throw PipelineException.versionInUse(name, version);
        }
        graphs.invalidate(found.id());
    }

    /**
     * Every parameter name a pipeline declares — built-in, shipped or uploaded (any version) — which a run filter's
     * {@code params.x} may name.
     */
    public java.util.Set<String> parameterNames() {
        return parameterNames.get("all", key -> {
            java.util.Set<String> names = new java.util.TreeSet<>(catalog.parameterNames());
            documents.names().forEach(name -> builtIn(name).inputs().forEach(p -> names.add(p.name())));
            versions.ids().forEach(id -> names.addAll(inputNames.get(id, version -> versions.findById(version)
                    .map(found -> graph(found).inputs().stream().map(ParameterSpec::name).toList())
                    .orElse(List.of()))));
            return java.util.Set.copyOf(names);
        });
    }

    /** Names of uploaded pipelines. */
    public List<String> uploadedNames() {
        return versions.pipelineNames().stream().filter(name -> !name.startsWith(ONE_OFF)).toList();
    }

    private PipelineVersion find(String name, int version) {
        return versions.findByPipelineNameAndVersion(name, version).orElseThrow(() -> versions
                .findFirstByPipelineNameOrderByVersionDesc(name).isPresent()
                ? PipelineException.versionNotFound(name, version) : PipelineException.notFound(name));
    }

    private PipelineVersionView view(PipelineVersion version) {
        PipelineGraph graph = graph(version);
        return new PipelineVersionView(version.pipelineName(), version.version(), version.description(),
                version.specSha256(), version.createTime(), false, graph.runnableInProcess(), graph.gaps(),
                graph.notes(), version.createdByKey());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String spec) {
        return json.readValue(spec, Map.class);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1024 ? text : text.substring(0, 1024);
    }
}
