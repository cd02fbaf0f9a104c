package com.pipelines.serving;

import java.util.List;

/** A deployed model's recent inputs or predictions crossed a drift threshold of its endpoint's monitoring. */
public record ModelDriftDetected(String endpointId, String endpointName, String deployedModelId, String model,
                                 List<String> drifted, int window) {
}
