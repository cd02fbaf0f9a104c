package com.pipelines.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ParameterValidatorTest {

    private final PipelineDefinition mnist = new SimpleMnistPipeline().simpleMnistPipelineDefinition();
    private final PipelineCatalog catalog = new PipelineCatalog(List.of(mnist), List.of());

    @Test
    void defaultsAreFilledInAndNumbersNormalised() {
        Map<String, Object> resolved = catalog.resolveParameters("simple-mnist-pipeline",
                Map.of("epochs", 5, "learningRate", 1));
        assertThat(resolved).containsEntry("epochs", 5L).containsEntry("learningRate", 1.0)
                .containsEntry("modelType", "linear").containsEntry("batchSize", 32L)
                .containsEntry("dataset", "mnist").doesNotContainKey("trainLimit");
    }

    @Test
    void everyProblemIsReportedWithItsField() {
        Map<String, Object> given = new HashMap<>();
        given.put("epochs", BigInteger.TEN.pow(30));
        given.put("modelType", "rnn");
        given.put("learningRate", Double.NaN);
        given.put("bogus", 1);
        PipelineException error = catchThrowableOfType(PipelineException.class,
                () -> catalog.resolveParameters("simple-mnist-pipeline", given));
        @SuppressWarnings("unchecked")
        List<FieldViolation> errors = (List<FieldViolation>) error.getBody().getProperties().get("errors");
        assertThat(errors).extracting(FieldViolation::field).containsExactlyInAnyOrder(
                "parameterValues.bogus", "parameterValues.epochs", "parameterValues.modelType",
                "parameterValues.learningRate");
        assertThat(error.getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void crossParameterRulesApply() {
        PipelineException error = catchThrowableOfType(PipelineException.class,
                () -> catalog.resolveParameters("simple-mnist-pipeline",
                        Map.of("minReplicaCount", 3, "maxReplicaCount", 2)));
        assertThat(error.getBody().getDetail()).isEqualTo("parameterValues.maxReplicaCount: must be >= minReplicaCount");
    }

    @Test
    void unknownPipelineIs404() {
        PipelineException error = catchThrowableOfType(PipelineException.class,
                () -> catalog.resolveParameters("nope", Map.of()));
        assertThat(error.getStatusCode().value()).isEqualTo(404);
    }
}
