package com.pipelines.datasets;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** Registering a dataset from a uri the service may read. */
@Schema(description = "Register a dataset version from file: (below an allowed root), s3:// or gs://", example = """
        {"name": "iris", "sourceUri": "s3://my-bucket/data/iris.csv", "format": "csv", "labelColumn": "species",
         "validationFraction": 0.1, "testFraction": 0.2}""")
record RegisterDatasetRequest(String name, String sourceUri, String format, String labelColumn,
                              List<String> categoricalColumns, Double validationFraction, Double testFraction,
                              Long seed, String imageSize, String splitColumn, String description) {

    DatasetOptions options() {
        return new DatasetOptions(format, labelColumn, categoricalColumns, validationFraction, testFraction, seed,
                imageSize, splitColumn);
    }
}
