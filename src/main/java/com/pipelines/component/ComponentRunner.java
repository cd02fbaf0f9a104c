package com.pipelines.component;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.component.ComponentOptions.UsageException;
import com.pipelines.pipeline.FieldViolation;
import com.pipelines.pipeline.PipelineCatalog;
import com.pipelines.pipeline.PipelineDefinition;
import com.pipelines.pipeline.PipelineException;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.pipeline.StepCancelledException;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import static com.pipelines.component.ComponentCommandLine.FAILED;
import static com.pipelines.component.ComponentCommandLine.RETRYABLE;
import static com.pipelines.component.ComponentCommandLine.SUCCEEDED;
import static com.pipelines.component.ComponentCommandLine.USAGE;

/**
 * Finds the step a command names, runs it with a {@link ComponentStepContext} and turns the outcome into an exit
 * code.
 */
@Component
@Lazy
class ComponentRunner {

    private final PipelineCatalog catalog;
    private final ArtifactStorage storage;
    private final JsonMapper json;

    ComponentRunner(PipelineCatalog catalog, ArtifactStorage storage, JsonMapper json) {
        this.catalog = catalog;
        this.storage = storage;
        this.json = json;
    }

    int run(String command, List<String> args, PrintStream out, PrintStream err) {
        if (command.equals("help") || args.contains("--help")) {
            out.print(new ComponentUsage(catalog).text());
            return SUCCEEDED;
        }
        Optional<PipelineDefinition> pipeline = pipelineOf(command);
        if (pipeline.isEmpty()) {
            err.println("Unknown command '" + command + "'.");
            err.print(new ComponentUsage(catalog).text());
            return USAGE;
        }
        PipelineStep step = stepOf(pipeline.get(), command).orElseThrow();
        ComponentInvocation invocation;
        try {
            invocation = ComponentInvocation.of(pipeline.get(), step, ComponentOptions.parse(args), catalog);
        } catch (UsageException e) {
            err.println(command + ": " + e.getMessage());
            return USAGE;
        } catch (PipelineException e) {
            for (FieldViolation violation : e.violations()) {
                err.println(command + ": " + violation.field() + " " + violation.message());
            }
            return USAGE;
        }
        return execute(invocation, out, err);
    }

    private int execute(ComponentInvocation invocation, PrintStream out, PrintStream err) {
        ComponentStepContext context = new ComponentStepContext(invocation, out, storage, json);
        String task = invocation.step().name();
        try {
            invocation.step().execute(context);
            context.publishOutputs();
            if (invocation.executorInput() != null) {
                ExecutorOutputFile.write(invocation.executorInput(), context.recorded(), context.metrics(),
                        context.outputParameters(), json, storage);
            }
            out.println(task + " succeeded");
            return SUCCEEDED;
        } catch (StepFailedException e) {
            err.println(task + " failed" + (e.retryable() ? " (retrying may help): " : ": ") + e.getMessage());
            return e.retryable() ? RETRYABLE : FAILED;
        } catch (StepCancelledException e) {
            err.println(task + " was stopped: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println(task + " failed (retrying may help): " + e);
            e.printStackTrace(err);
            return RETRYABLE;
        } finally {
            try {
                context.cleanUp();
            } catch (Exception e) {
                err.println("Could not remove temporary files: " + e.getMessage());
            }
        }
    }

    private Optional<PipelineDefinition> pipelineOf(String command) {
        return catalog.pipelines().stream().filter(p -> stepOf(p, command).isPresent()).findFirst();
    }

    private Optional<PipelineStep> stepOf(PipelineDefinition pipeline, String command) {
        return pipeline.steps().stream().map(catalog::step).flatMap(Optional::stream)
                .filter(step -> step.command().equals(command)).findFirst();
    }
}
