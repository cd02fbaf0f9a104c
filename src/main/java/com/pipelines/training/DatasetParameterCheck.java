package com.pipelines.training;

import com.pipelines.datasets.Datasets;
import com.pipelines.pipeline.ParameterCheck;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A run's {@code dataset} must name a built-in ({@code mnist}, {@code fashion-mnist}) or a registered version, so a
 * typo is a 400 when the run is created rather than a failed step later. Without a registry (the command-line mode)
 * the step itself says what is missing.
 */
@Component
class DatasetParameterCheck implements ParameterCheck {

    private final ObjectProvider<Datasets> registry;

    DatasetParameterCheck(ObjectProvider<Datasets> registry) {
        this.registry = registry;
    }

    @Override
    public String parameter() {
        return "dataset";
    }

    @Override
    public String violation(Object value) {
        if (value == null || DatasetFiles.DATASETS.contains(String.valueOf(value))) {
            return null;
        }
        Datasets datasets;
        try {
            datasets = registry.getIfAvailable();
        } catch (BeansException noRegistry) {
            return null;
        }
        return datasets == null || datasets.find(String.valueOf(value)).isPresent() ? null
                : "no dataset " + value + " is registered";
    }
}
