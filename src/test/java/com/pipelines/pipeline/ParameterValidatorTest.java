package com.pipelines.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pipelines.PipelinesProperties;
import org.junit.jupiter.api.Test;

class ParameterValidatorTest {

    private static final String LOCAL_ROOT = "/srv/pipeline_root";

    private final PipelineDefinition mnist = new SimpleMnistPipeline().simpleMnistPipelineDefinition(
            new PipelinesProperties(Path.of("data"), null, null, "my-project", "europe-west4", "img", 1, 3,
                    Duration.ofSeconds(1), 1 << 20, 1 << 24, Duration.ofHours(24), 0, Duration.ofHours(24)),
            new org.springframework.beans.factory.support.StaticListableBeanFactory()
                    .getBeanProvider(ParameterCheck.class));
    private final PipelineCatalog catalog = new PipelineCatalog(List.of(mnist), List.of());

    @Test
    void defaultsAreFilledInAndNumbersNormalised() {
        Map<String, Object> resolved = catalog.resolveParameters("simple-mnist-pipeline",
                Map.of("epochs", 5, "learningRate", 1), LOCAL_ROOT);
        assertThat(resolved).containsEntry("epochs", 5L).containsEntry("learningRate", 1.0)
                .containsEntry("modelType", "linear").containsEntry("batchSize", 32L)
                .containsEntry("dataset", "mnist").doesNotContainKey("trainLimit")
                .containsEntry("project", "my-project").containsEntry("region", "europe-west4");
    }

    @Test
    void everyProblemIsReportedWithItsField() {
        Map<String, Object> given = new HashMap<>();
        given.put("epochs", BigInteger.TEN.pow(30));
        given.put("modelType", "rnn");
        given.put("learningRate", Double.NaN);
        given.put("bogus", 1);
        PipelineException error = catchThrowableOfType(PipelineException.class,
                () -> catalog.resolveParameters("simple-mnist-pipeline", given, LOCAL_ROOT));
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
                        Map.of("minReplicaCount", 3, "maxReplicaCount", 2), LOCAL_ROOT));
        assertThat(error.getBody().getDetail()).isEqualTo("parameterValues.maxReplicaCount: must be >= minReplicaCount");
    }

    @Test
    void vertexNeedsACloudStorageRoot() {
        PipelineException error = catchThrowableOfType(PipelineException.class,
                () -> catalog.resolveParameters("simple-mnist-pipeline", Map.of("deployTarget", "vertex"), LOCAL_ROOT));
        @SuppressWarnings("unchecked")
        List<FieldViolation> errors = (List<FieldViolation>) error.getBody().getProperties().get("errors");
        assertThat(errors).extracting(FieldViolation::field).containsExactly("pipelineRoot");
        assertThat(catalog.resolveParameters("simple-mnist-pipeline", Map.of("deployTarget", "vertex"),
                "gs://bucket/root")).containsEntry("deployTarget", "vertex");
    }

    @Test
    void aVertexAliasFollowsVertexRules() {
        PipelineException error = catchThrowableOfType(PipelineException.class,
                () -> catalog.resolveParameters("simple-mnist-pipeline",
                        Map.of("deployTarget", "vertex", "modelAlias", "c"), "gs://bucket/root"));
        assertThat(error.getBody().getDetail()).startsWith("parameterValues.modelAlias: deployTarget 'vertex' needs");
        assertThat(catalog.resolveParameters("simple-mnist-pipeline", Map.of("modelAlias", "c"), LOCAL_ROOT))
                .containsEntry("modelAlias", "c");
        assertThat(catalog.resolveParameters("simple-mnist-pipeline",
                Map.of("deployTarget", "vertex", "modelAlias", "champion"), "gs://bucket/root"))
                .containsEntry("modelAlias", "champion");
    }

    @Test
    void acceleratorsMustBeKnownAndCounted() {
        PipelineException error = catchThrowableOfType(PipelineException.class,
                () -> catalog.resolveParameters("simple-mnist-pipeline",
                        Map.of("acceleratorType", "NVIDIA_TESLA_X1", "acceleratorCount", 0), LOCAL_ROOT));
        @SuppressWarnings("unchecked")
        List<FieldViolation> errors = (List<FieldViolation>) error.getBody().getProperties().get("errors");
        assertThat(errors).extracting(FieldViolation::field).containsExactlyInAnyOrder(
                "parameterValues.acceleratorType", "parameterValues.acceleratorCount");
        assertThat(catalog.resolveParameters("simple-mnist-pipeline",
                Map.of("acceleratorType", "NVIDIA_TESLA_T4", "acceleratorCount", 1), LOCAL_ROOT))
                .containsEntry("acceleratorType", "NVIDIA_TESLA_T4");
    }

    @Test
    void unknownPipelineIs404() {
        PipelineException error = catchThrowableOfType(PipelineException.class,
                () -> catalog.resolveParameters("nope", Map.of(), LOCAL_ROOT));
        assertThat(error.getStatusCode().value()).isEqualTo(404);
    }
}
