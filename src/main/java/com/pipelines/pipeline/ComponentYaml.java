package com.pipelines.pipeline;

import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** A component spec as the YAML file kfp writes ({@code output_component_file}) and loads. */
final class ComponentYaml {

    static final String MEDIA_TYPE = "application/yaml";

    private ComponentYaml() {
    }

    static String of(String name, Map<String, Object> spec) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return "# PIPELINE DEFINITION\n# Name: " + name + "\n" + new Yaml(options).dump(spec);
    }
}
