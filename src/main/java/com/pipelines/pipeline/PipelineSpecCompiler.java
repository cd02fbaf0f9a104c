package com.pipelines.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.pipelines.PipelinesProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compiles a pipeline to the KFP v2 IR that {@code kfp.compiler.Compiler().compile} produces
 * ({@code pipeline_spec.proto}, schema 2.1.0): one component and executor per step, whose container is this
 * service's image in command-line mode; a root DAG in which each step depends on the one before and reads its
 * input artifacts from the producing task; the pipeline's parameters as root inputs with their defaults.
 */
@Component
public class PipelineSpecCompiler {

    static final String SCHEMA_VERSION = "2.1.0";
    static final String SDK_VERSION = "pipelines-service-0.1.0";
    /** Where the Dockerfile puts the service's jar. */
    public static final String JAR = "/opt/pipelines/app.jar";
    /** The command of our components' containers; the verb (the component) is the first argument. */
    public static final List<String> COMMAND = List.of("java", "-jar", JAR);
    /** The option through which a KFP launcher hands a component its ExecutorInput JSON. */
    public static final String EXECUTOR_INPUT = "executor-input";

    private final PipelineCatalog catalog;
    private final String image;
    private final JsonMapper json;

    PipelineSpecCompiler(PipelineCatalog catalog, PipelinesProperties properties, JsonMapper json) {
        this.catalog = catalog;
        this.json = json;
        this.image = properties.componentImage();
    }

    /** The whole pipeline. */
    public Map<String, Object> pipelineSpec(String pipelineName) {
        return pipelineSpec(pipelineName, true);
    }

    /** The whole pipeline, its tasks' caching on or off (a PipelineJob has no job-wide switch but the tasks'). */
    public Map<String, Object> pipelineSpec(String pipelineName, boolean enableCaching) {
        PipelineDefinition pipeline = catalog.pipeline(pipelineName);
        return spec(pipeline, pipeline.name(), pipeline.description(), pipeline.steps(), pipeline.parameters(),
                enableCaching);
    }

    /** One step as a standalone component (the seed's {@code output_component_file}). */
    public Map<String, Object> componentSpec(String pipelineName, String task) {
        PipelineDefinition pipeline = catalog.pipeline(pipelineName);
        if (!pipeline.steps().contains(task)) {
            throw PipelineException.taskNotFound(pipelineName, task);
        }
        return spec(pipeline, task, step(task).description(), List.of(task), parametersOf(pipeline, step(task)),
                true);
    }

    /** A component that no built-in pipeline uses, from its own parameter declarations. */
    public Map<String, Object> componentSpec(PipelineStep step) {
        PipelineDefinition own = new PipelineDefinition(step.name(), step.description(), List.of(step.name()),
                step.parameterSpecs(), List.of());
        return spec(own, step.name(), step.description(), List.of(step.name()), step.parameterSpecs(), true);
    }

    private Map<String, Object> spec(PipelineDefinition pipeline, String name, String description, List<String> tasks,
                                     List<ParameterSpec> rootParameters, boolean enableCaching) {
        Map<String, Object> components = new LinkedHashMap<>();
        Map<String, Object> executors = new LinkedHashMap<>();
        Map<String, Object> dagTasks = new LinkedHashMap<>();
        for (String task : tasks) {
            PipelineStep step = step(task);
            components.put("comp-" + task, component(pipeline, step));
            executors.put("exec-" + task, Map.of("container", container(pipeline, step)));
            dagTasks.put(task, dagTask(pipeline, step, tasks, enableCaching));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", name);
        if (description != null && !description.isBlank()) {
            info.put("description", description);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dag", Map.of("tasks", dagTasks));
        if (!rootParameters.isEmpty()) {
            root.put("inputDefinitions", Map.of("parameters", parameterDefinitions(rootParameters, true)));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("components", components);
        spec.put("deploymentSpec", Map.of("executors", executors));
        spec.put("pipelineInfo", info);
        spec.put("root", root);
        spec.put("schemaVersion", SCHEMA_VERSION);
        spec.put("sdkVersion", SDK_VERSION);
        return spec;
    }

    private Map<String, Object> component(PipelineDefinition pipeline, PipelineStep step) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (!step.inputs().isEmpty()) {
            inputs.put("artifacts", artifactDefinitions(step.inputs()));
        }
        List<ParameterSpec> parameters = parametersOf(pipeline, step);
        if (!parameters.isEmpty()) {
            inputs.put("parameters", parameterDefinitions(parameters, false));
        }
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("executorLabel", "exec-" + step.name());
        if (!inputs.isEmpty()) {
            component.put("inputDefinitions", inputs);
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (!step.outputs().isEmpty()) {
            outputs.put("artifacts", artifactDefinitions(step.outputs()));
        }
        if (!step.outputParameters().isEmpty()) {
            Map<String, Object> produced = new java.util.TreeMap<>();
            step.outputParameters().forEach((name, type) -> produced.put(name, Map.of("parameterType", type.name())));
            outputs.put("parameters", produced);
        }
        if (!outputs.isEmpty()) {
            component.put("outputDefinitions", outputs);
        }
        return component;
    }

    private Map<String, Object> container(PipelineDefinition pipeline, PipelineStep step) {
        List<String> args = new ArrayList<>(List.of(step.command()));
        for (ArtifactSpec input : step.inputs()) {
            if (input.list()) {
                continue;   // a List[Artifact] has no uri placeholder: the step reads it from --executor-input
            }
            args.add("--" + optionName(input.name()));
            args.add("{{$.inputs.artifacts['" + input.name() + "'].uri}}");
        }
        for (ParameterSpec parameter : parametersOf(pipeline, step)) {
            List<String> option = List.of("--" + optionName(parameter.name()),
                    "{{$.inputs.parameters['" + parameter.name() + "']}}");
            if (parameter.defaultValue() == null) {
                args.add(ifPresent(parameter.name(), option));
            } else {
                args.addAll(option);
            }
        }
        for (ArtifactSpec output : step.outputs()) {
            args.add("--" + optionName(output.name()));
            args.add("{{$.outputs.artifacts['" + output.name() + "'].path}}");
        }
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("image", image);
        args.add("--" + EXECUTOR_INPUT);
        args.add("{{$}}");
        container.put("command", COMMAND);
        container.put("args", args);
        return container;
    }

    /** KFP's IfPresentPlaceholder: an optional input without a default is passed only when it has a value. */
    private String ifPresent(String input, List<String> then) {
        Map<String, Object> placeholder = new LinkedHashMap<>();
        placeholder.put("InputName", input);
        placeholder.put("Then", then);
        return json.writeValueAsString(Map.of("IfPresent", placeholder));
    }

    private Map<String, Object> dagTask(PipelineDefinition pipeline, PipelineStep step, List<String> tasks,
                                        boolean enableCaching) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("cachingOptions", Map.of("enableCache", enableCaching && step.cacheable()));
        task.put("componentRef", Map.of("name", "comp-" + step.name()));
        int index = tasks.indexOf(step.name());
        if (index > 0) {
            task.put("dependentTasks", List.of(tasks.get(index - 1)));
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        Map<String, Object> artifacts = new LinkedHashMap<>();
        for (ArtifactSpec input : step.inputs()) {
            producer(pipeline, step, input, tasks).ifPresent(producer -> artifacts.put(input.name(),
                    Map.of("taskOutputArtifact", Map.of("outputArtifactKey", input.name(), "producerTask", producer))));
        }
        if (!artifacts.isEmpty()) {
            inputs.put("artifacts", artifacts);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parametersOf(pipeline, step).forEach(p -> parameters.put(p.name(),
                Map.of("componentInputParameter", p.name())));
        if (!parameters.isEmpty()) {
            inputs.put("parameters", parameters);
        }
        if (!inputs.isEmpty()) {
            task.put("inputs", inputs);
        }
        task.put("taskInfo", Map.of("name", step.name()));
        return task;
    }

    private Optional<String> producer(PipelineDefinition pipeline, PipelineStep consumer,
                                                ArtifactSpec input, List<String> tasks) {
        return pipeline.steps().stream()
                .filter(tasks::contains)
                .filter(name -> !name.equals(consumer.name()))
                .filter(name -> step(name).outputs().stream().anyMatch(o -> o.name().equals(input.name())))
                .findFirst();
    }

    private static Map<String, Object> artifactDefinitions(List<ArtifactSpec> artifacts) {
        Map<String, Object> definitions = new LinkedHashMap<>();
        artifacts.forEach(a -> {
            Map<String, Object> type = Map.of("schemaTitle", a.type(), "schemaVersion", "0.0.1");
            definitions.put(a.name(), a.list() ? Map.of("artifactType", type, "isArtifactList", true)
                    : Map.of("artifactType", type));
        });
        return definitions;
    }

    private static Map<String, Object> parameterDefinitions(List<ParameterSpec> parameters, boolean withDefaults) {
        Map<String, Object> definitions = new LinkedHashMap<>();
        for (ParameterSpec parameter : parameters) {
            Map<String, Object> definition = new LinkedHashMap<>();
            if (withDefaults && parameter.defaultValue() != null) {
                definition.put("defaultValue", parameter.defaultValue());
            }
            if (parameter.optional() || parameter.defaultValue() != null) {
                definition.put("isOptional", true);
            }
            definition.put("parameterType", parameter.type().name());
            if (parameter.description() != null && !parameter.description().isBlank()) {
                definition.put("description", parameter.description());
            }
            definitions.put(parameter.name(), definition);
        }
        return definitions;
    }

    private PipelineStep step(String name) {
        return catalog.step(name).orElseThrow(() -> new IllegalStateException("No implementation of step " + name));
    }

    /** The command-line option for a parameter or artifact name: {@code modelType} → {@code model-type}. */
    public static String optionName(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-').toLowerCase();
    }

    /** The parameters a step reads, as declared by its pipeline. */
    public static List<ParameterSpec> parametersOf(PipelineDefinition pipeline, PipelineStep step) {
        List<String> names = step.parameters();
        return names.isEmpty() ? pipeline.parameters()
                : pipeline.parameters().stream().filter(p -> names.contains(p.name())).toList();
    }
}
