package com.pipelines.pipeline;

/**
 * A declared input or output artifact of a step, typed as KFP does ({@code system.Model}, ...); {@code list}: a
 * {@code List[Artifact]} input ({@code isArtifactList}), such as the models a loop collected (dsl.Collected);
 * {@code optional}: an input the step can do without (a spec need not connect it).
 */
public record ArtifactSpec(String name, String type, boolean list, boolean optional) {

    public ArtifactSpec(String name, String type) {
        this(name, type, false, false);
    }

    public ArtifactSpec(String name, String type, boolean list) {
        this(name, type, list, false);
    }

    public static ArtifactSpec optional(String name, String type) {
        return new ArtifactSpec(name, type, false, true);
    }

    public static final String MODEL = "system.Model";
    public static final String METRICS = "system.Metrics";
    public static final String ARTIFACT = "system.Artifact";
    public static final String CLASSIFICATION_METRICS = "system.ClassificationMetrics";
}
