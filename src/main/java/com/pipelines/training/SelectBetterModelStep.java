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
 * Component {@code select-better-model}: of two models and their accuracies, outputs the better one (the first on a
 * tie) as {@code best_model} — the same artifact, not a copy — with its accuracy (a fraction, and {@code acc} in
 * percent like the training's metric) and which one it was, so that a
 * condition can test the accuracy and a deploy can take the model.
 */
@Component
class SelectBetterModelStep implements PipelineStep {

    static final String NAME = "select-better-model";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Picks the more accurate of two models (the first on a tie) and outputs it with its accuracy";
    }

    @Override
    public List<ArtifactSpec> inputs() {
        return List.of(new ArtifactSpec("model_a", ArtifactSpec.MODEL), new ArtifactSpec("model_b", ArtifactSpec.MODEL));
    }

    @Override
    public List<ArtifactSpec> outputs() {
        return List.of(new ArtifactSpec("best_model", ArtifactSpec.MODEL));
    }

    @Override
    public List<ParameterSpec> parameterSpecs() {
        return List.of(new ParameterSpec("accuracy_a", ParameterType.NUMBER_DOUBLE, "Accuracy of model_a (0-1)",
                        null, false, 0.0, false, 1.0, null, null),
                new ParameterSpec("accuracy_b", ParameterType.NUMBER_DOUBLE, "Accuracy of model_b (0-1)",
                        null, false, 0.0, false, 1.0, null, null));
    }

    @Override
    public Map<String, ParameterType> outputParameters() {
        return Map.of("accuracy", ParameterType.NUMBER_DOUBLE, "acc", ParameterType.NUMBER_DOUBLE,
                "chosen", ParameterType.STRING);
    }

    @Override
    public void execute(StepContext context) {
        double a = context.doubleParameter("accuracy_a").orElseThrow();
        double b = context.doubleParameter("accuracy_b").orElseThrow();
        String chosen = b > a ? "model_b" : "model_a";
        RecordedArtifact best = context.inputArtifact(chosen).orElseThrow(() ->
                StepFailedException.permanent("Input artifact " + chosen + " is missing"));
        Map<String, Object> metadata = new LinkedHashMap<>(best.metadata() == null ? Map.of() : best.metadata());
        metadata.put("chosen", chosen);
        metadata.put("producerTask", best.task());
        context.recordArtifact("best_model", ArtifactSpec.MODEL, best.uri(), metadata);
        context.outputParameter("accuracy", Math.max(a, b));
        context.outputParameter("acc", Math.max(a, b) * 100);
        context.outputParameter("chosen", chosen);
        context.log("Selected " + chosen + " (" + best.task() + "): accuracy " + Math.max(a, b) + " against "
                + Math.min(a, b));
    }
}
