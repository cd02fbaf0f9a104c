package com.pipelines.component;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.component.ComponentOptions.UsageException;
import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.FieldViolation;
import com.pipelines.pipeline.ParameterSpec;
import com.pipelines.pipeline.PipelineCatalog;
import com.pipelines.pipeline.PipelineDefinition;
import com.pipelines.pipeline.PipelineException;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.pipeline.RecordedArtifact;

import static com.pipelines.pipeline.PipelineSpecCompiler.EXECUTOR_INPUT;
import static com.pipelines.pipeline.PipelineSpecCompiler.optionName;
import static com.pipelines.pipeline.PipelineSpecCompiler.parametersOf;

/**
 * One step to run, read from the command line: its parameters (validated exactly as a run's), its input artifacts
 * and where its outputs go. Options are the parameter and artifact names in kebab case; a step's Model input may
 * also be given as {@code --model}.
 */
record ComponentInvocation(PipelineDefinition pipeline, PipelineStep step, Map<String, Object> parameters,
                           Map<String, RecordedArtifact> inputs, Map<String, String> outputs, String pipelineRoot,
                           UUID runId, String executorInput, Map<String, List<RecordedArtifact>> inputLists) {

    static final String PIPELINE_ROOT = "pipeline-root";
    static final String RUN_ID = "run-id";
    static final String MODEL_ALIAS = "model";

    static ComponentInvocation of(PipelineDefinition pipeline, PipelineStep step, ComponentOptions options,
                                  PipelineCatalog catalog) {
        rejectUnknown(pipeline, step, options);
        Map<String, RecordedArtifact> inputs = new LinkedHashMap<>();
        Map<String, List<RecordedArtifact>> inputLists = new LinkedHashMap<>();
        for (ArtifactSpec input : step.inputs()) {
            if (input.list()) {
                inputLists.put(input.name(), listInput(input, options).stream().map(uri -> new RecordedArtifact(
                        "input", input.name(), input.type(), uri, Map.of())).toList());
                continue;
            }
            String uri = options.get(optionName(input.name()));
            if (uri == null && ArtifactSpec.MODEL.equals(input.type())) {
                uri = options.get(MODEL_ALIAS);
            }
            if (uri == null) {
                String option = ArtifactSpec.MODEL.equals(input.type()) ? MODEL_ALIAS : optionName(input.name());
                throw new UsageException("--" + option + " is required: the " + input.type()
                        + " to read, a path or gs:// uri");
            }
            inputs.put(input.name(), new RecordedArtifact("input", input.name(), input.type(), uri, Map.of()));
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (ArtifactSpec output : step.outputs()) {
            String location = options.get(optionName(output.name()));
            if (location == null && ArtifactSpec.MODEL.equals(output.type())) {
                throw new UsageException("--" + optionName(output.name()) + " is required: where to write the "
                        + output.type() + ", a path or gs:// uri");
            }
            if (location != null) {
                outputs.put(output.name(), location);
            }
        }
        List<String> locations = Stream.concat(Stream.concat(inputs.values().stream(),
                inputLists.values().stream().flatMap(List::stream)).map(RecordedArtifact::uri),
                outputs.values().stream()).toList();
        String root = options.get(PIPELINE_ROOT) != null ? options.get(PIPELINE_ROOT) : defaultRoot(locations);
        Map<String, Object> parameters = resolve(pipeline, step, options, root, catalog);
        return new ComponentInvocation(pipeline, step, parameters, inputs, outputs, root,
                runId(options, locations), options.get(EXECUTOR_INPUT), inputLists);
    }

    /**
     * A List[Artifact] input: {@code --name uri1,uri2,…}, or, as KFP passes it, every uri of the input in the
     * executor input ({@code inputs.artifacts.<name>.artifacts[].uri}).
     */
    private static List<String> listInput(ArtifactSpec input, ComponentOptions options) {
        String given = options.get(optionName(input.name()));
        if (given != null) {
            return Stream.of(given.split(",")).map(String::trim).filter(uri -> !uri.isEmpty()).toList();
        }
        String executorInput = options.get(EXECUTOR_INPUT);
        if (executorInput == null) {
            throw new UsageException("--" + optionName(input.name()) + " is required: the " + input.type()
                    + "s to read, as comma-separated paths or uris");
        }
        try {
            List<String> uris = new ArrayList<>();
            tools.jackson.databind.json.JsonMapper.shared().readTree(executorInput).path("inputs").path("artifacts")
                    .path(input.name()).path("artifacts").forEach(artifact -> uris.add(artifact.path("uri").asString()));
            return uris;
        } catch (tools.jackson.core.JacksonException e) {
            throw new UsageException("--" + EXECUTOR_INPUT + " is not JSON: " + e.getOriginalMessage());
        }
    }

    /** Every option this step understands, in the order the usage text lists them. */
    static Set<String> knownOptions(PipelineDefinition pipeline, PipelineStep step) {
        Set<String> known = new LinkedHashSet<>();
        parametersOf(pipeline, step).forEach(p -> known.add(optionName(p.name())));
        step.inputs().forEach(a -> known.add(optionName(a.name())));
        if (step.inputs().stream().anyMatch(a -> ArtifactSpec.MODEL.equals(a.type()))) {
            known.add(MODEL_ALIAS);
        }
        step.outputs().forEach(a -> known.add(optionName(a.name())));
        known.addAll(List.of(PIPELINE_ROOT, RUN_ID, EXECUTOR_INPUT));
        return known;
    }

    private static void rejectUnknown(PipelineDefinition pipeline, PipelineStep step, ComponentOptions options) {
        Set<String> known = knownOptions(pipeline, step);
        List<String> unknown = options.values().keySet().stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new UsageException("unknown option --" + String.join(", --", unknown) + "; " + step.command()
                    + " takes --" + String.join(", --", known));
        }
    }

    private static Map<String, Object> resolve(PipelineDefinition pipeline, PipelineStep step,
                                               ComponentOptions options, String root, PipelineCatalog catalog) {
        Map<String, Object> given = new LinkedHashMap<>(step.commandLineDefaults());
        List<FieldViolation> errors = new ArrayList<>();
        for (ParameterSpec spec : parametersOf(pipeline, step)) {
            String raw = options.get(optionName(spec.name()));
            if (raw == null) {
                continue;
            }
            try {
                given.put(spec.name(), switch (spec.type()) {
                    case NUMBER_INTEGER -> Long.parseLong(raw);
                    case NUMBER_DOUBLE -> Double.parseDouble(raw);
                    case BOOLEAN -> parseBoolean(raw);
                    case STRING -> raw;
                    case LIST, STRUCT -> json(raw, spec.type());
                });
            } catch (IllegalArgumentException e) {
                errors.add(new FieldViolation("--" + optionName(spec.name()), "must be " + switch (spec.type()) {
                    case NUMBER_INTEGER -> "an integer";
                    case NUMBER_DOUBLE -> "a number";
                    case LIST -> "a JSON array";
                    case STRUCT -> "a JSON object";
                    default -> "true or false";
                } + ", got '" + raw + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw PipelineException.invalidParameters(errors);
        }
        try {
            return catalog.resolveParameters(pipeline.name(), given, root);
        } catch (PipelineException e) {
            throw PipelineException.invalidParameters(e.violations().stream()
                    .map(v -> new FieldViolation(optionFor(v.field()), v.message())).toList());
        }
    }

    private static String optionFor(String field) {
        String name = field.startsWith("parameterValues.") ? field.substring("parameterValues.".length()) : field;
        return "--" + optionName(name);
    }

    /** A LIST or STRUCT value as KFP renders it on a command line: JSON. */
    private static Object json(String raw, com.pipelines.pipeline.ParameterType type) {
        try {
            Object value = tools.jackson.databind.json.JsonMapper.shared().readValue(raw, Object.class);
            if (type == com.pipelines.pipeline.ParameterType.LIST ? value instanceof List<?> : value instanceof Map<?, ?>) {
                return value;
            }
        } catch (tools.jackson.core.JacksonException e) {
            // refused below
        }
        throw new IllegalArgumentException(type.name());
    }

    private static boolean parseBoolean(String raw) {
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(raw);
        };
    }

    /** The bucket of the first s3:// or gs:// location, else the folder of the first local one. */
    private static String defaultRoot(List<String> locations) {
        for (String location : locations) {
            if (ArtifactStorage.isObjectUri(location)) {
                String rest = location.substring(5);
                int slash = rest.indexOf('/');
                return location.substring(0, 5) + (slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        return locations.isEmpty() ? System.getProperty("java.io.tmpdir")
                : Path.of(locations.get(0)).toAbsolutePath().getParent().toString();
    }

    /**
     * Given, or derived from the artifact locations: a pipeline engine retrying a task hands it the same locations,
     * so the retry has the same id and finds what the first attempt created (a model uploaded with its label).
     */
    private static UUID runId(ComponentOptions options, List<String> locations) {
        String given = options.get(RUN_ID);
        if (given != null) {
            try {
                return UUID.fromString(given);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--run-id must be a UUID, got '" + given + "'");
            }
        }
        return UUID.nameUUIDFromBytes(String.join("\n", locations).getBytes(StandardCharsets.UTF_8));
    }
}
