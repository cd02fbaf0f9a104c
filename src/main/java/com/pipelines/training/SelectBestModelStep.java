package com.pipelines.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.pipeline.ArtifactSpec;
import com.pipelines.pipeline.ParameterSpec;
import com.pipelines.pipeline.ParameterType;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.pipeline.RecordedArtifact;
import com.pipelines.pipeline.StepContext;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.stereotype.Component;

/**
 * Component {@code select-best-model}: of N models and their metric (as a ParallelFor collects them, dsl.Collected,
 * in the same order) outputs the best — the highest with {@code goal} max, the lowest with min, the first on a tie
 * — as {@code best_model} (the same artifact, not a copy), with its metric, its index and, for a condition beside
 * the training's own {@code acc}, the metric in percent. A grid search is then one pipeline.
 */
@Component
class SelectBestModelStep implements PipelineStep {

    @Override
    public String name() {
        return "select-best-model";
    }

    @Override
    public String description() {
        return "Picks the best of N models by a metric (max or min) and outputs it with its metric";
    }

    @Override
    public List<ArtifactSpec> inputs() {
        return List.of(new ArtifactSpec("models", ArtifactSpec.MODEL, true));
    }

    @Override
    public List<ArtifactSpec> outputs() {
        return List.of(new ArtifactSpec("best_model", ArtifactSpec.MODEL));
    }

    @Override
    public List<ParameterSpec> parameterSpecs() {
        return List.of(new ParameterSpec("metrics", ParameterType.LIST, "The models' metric values, in the "
                        + "models' order", null, false, null, false, null, null, null),
                ParameterSpec.choice("goal", "max: the highest metric wins (accuracy); min: the lowest (loss)", "max",
                        "max", "min"),
                ParameterSpec.text("metricName", "The metric's name, for the record", "accuracy",
                        "[A-Za-z0-9_. -]{1,64}"));
    }

    @Override
    public Map<String, ParameterType> outputParameters() {
        return Map.of("best_metric", ParameterType.NUMBER_DOUBLE, "best_index", ParameterType.NUMBER_INTEGER,
                "acc", ParameterType.NUMBER_DOUBLE, "chosen", ParameterType.STRING);
    }

    @Override
    public void execute(StepContext context) {
        List<RecordedArtifact> models = context.inputArtifactList("models");
        List<?> metrics = (List<?>) context.parameters().get("metrics");
        if (models.isEmpty()) {
            throw StepFailedException.permanent("No models to choose from: the loop collected none");
        }
        if (metrics == null || metrics.size() != models.size()) {
            throw StepFailedException.permanent("Got " + models.size() + " models but "
                    + (metrics == null ? 0 : metrics.size()) + " metric values: they must pair up, in order");
        }
        boolean max = !"min".equals(context.stringParameter("goal"));
        int best = -1;
        double bestValue = 0;
        for (int i = 0; i < metrics.size(); i++) {
            if (!(metrics.get(i) instanceof Number number) || Double.isNaN(number.doubleValue())) {
                throw StepFailedException.permanent("Metric value " + i + " is not a number: " + metrics.get(i));
            }
            double value = number.doubleValue();
            if (best < 0 || (max ? value > bestValue : value < bestValue)) {
                best = i;
                bestValue = value;
            }
        }
        RecordedArtifact chosen = models.get(best);
        Map<String, Object> metadata = new LinkedHashMap<>(chosen.metadata() == null ? Map.of() : chosen.metadata());
        metadata.put("chosenIndex", best);
        metadata.put("producerTask", chosen.task());
        metadata.put(context.stringParameter("metricName"), bestValue);
        context.recordArtifact("best_model", ArtifactSpec.MODEL, chosen.uri(), metadata);
        context.outputParameter("best_metric", bestValue);
        context.outputParameter("best_index", (long) best);
        context.outputParameter("acc", bestValue * 100);
        context.outputParameter("chosen", chosen.task());
        context.log("Selected model " + best + " of " + models.size() + " (" + chosen.task() + "): "
                + context.stringParameter("metricName") + " " + bestValue + " (" + (max ? "max" : "min") + ")");
    }
}
