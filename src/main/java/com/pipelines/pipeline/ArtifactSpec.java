package com.pipelines.pipeline;

/** A declared input or output artifact of a step, typed as KFP does ({@code system.Model}, ...). */
public record ArtifactSpec(String name, String type) {

    public static final String MODEL = "system.Model";
    public static final String METRICS = "system.Metrics";
    public static final String ARTIFACT = "system.Artifact";
    public static final String CLASSIFICATION_METRICS = "system.ClassificationMetrics";
}
