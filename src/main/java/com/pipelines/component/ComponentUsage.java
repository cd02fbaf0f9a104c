package com.pipelines.component;

import java.util.Optional;

import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.ParameterSpec;
import com.pipelines.pipeline.PipelineCatalog;
import com.pipelines.pipeline.PipelineDefinition;
import com.pipelines.pipeline.PipelineStep;

import static com.pipelines.pipeline.PipelineSpecCompiler.optionName;
import static com.pipelines.pipeline.PipelineSpecCompiler.parametersOf;

/** The help text, written from the pipelines' own declarations so that it cannot drift from what is accepted. */
record ComponentUsage(PipelineCatalog catalog) {

    String text() {
        StringBuilder text = new StringBuilder("Usage: java -jar pipelines-service.jar <command> [--option value]...\n"
                + "Runs one pipeline step, as a pipeline component container. Without a command: the server.\n");
        for (PipelineDefinition pipeline : catalog.pipelines()) {
            text.append("\nCommands of ").append(pipeline.name()).append(":\n");
            pipeline.steps().stream().map(catalog::step).flatMap(Optional::stream)
                    .forEach(step -> describe(pipeline, step, text));
        }
        text.append("""

                Every command also takes --pipeline-root (for parameter rules), --run-id (a UUID; by default derived
                from the artifact locations so that a retried task finds what it made before) and --executor-input
                (the KFP ExecutorInput JSON; the ExecutorOutput with artifact metadata is written where it says).
                Exit codes: 0 succeeded, 1 failed (retrying will not help), 64 bad usage or invalid value,
                75 failed for a reason that may pass (retrying may help).
                """);
        return text.toString();
    }

    private static void describe(PipelineDefinition pipeline, PipelineStep step, StringBuilder text) {
        text.append("  ").append(step.command()).append("  (step ").append(step.name()).append(") ")
                .append(step.description()).append('\n');
        for (ParameterSpec parameter : parametersOf(pipeline, step)) {
            Object fallback = step.commandLineDefaults().getOrDefault(parameter.name(), parameter.defaultValue());
            text.append(String.format("      --%-22s %s%s%s%n", optionName(parameter.name()),
                    parameter.type().name().toLowerCase().replace("number_", ""),
                    fallback == null ? "" : ", default " + fallback,
                    parameter.description() == null ? "" : ": " + parameter.description()));
        }
        for (ArtifactSpec input : step.inputs()) {
            text.append(String.format("      --%-22s input %s, a path or gs:// uri (required)%n",
                    optionName(input.name()) + (ArtifactSpec.MODEL.equals(input.type()) ? ", --model" : ""),
                    input.type()));
        }
        for (ArtifactSpec output : step.outputs()) {
            text.append(String.format("      --%-22s output %s, a path or gs:// uri%s%n", optionName(output.name()),
                    output.type(), ArtifactSpec.MODEL.equals(output.type()) ? " (required)" : ""));
        }
    }
}
