package com.pipelines.deploy;

import java.util.List;

/** Where an endpoint sends its traffic: each deployed model with its share and what serving needs to load it. */
public record Route(String endpointId, List<Target> targets) {

    public record Target(String deployedModelId, String modelId, String modelResourceName, String modelDisplayName,
                         int modelVersionId, String artifactUri, int percentage) {
    }

    /** Picks a target for a number in [0, 100) drawn uniformly: the traffic split as a cumulative distribution. */
    public Target pick(int draw) {
        int cumulative = 0;
        Target last = null;
        for (Target target : targets) {
            if (target.percentage() == 0) {
                continue;
            }
            cumulative += target.percentage();
            last = target;
            if (draw < cumulative) {
                return target;
            }
        }
        return last;
    }
}
