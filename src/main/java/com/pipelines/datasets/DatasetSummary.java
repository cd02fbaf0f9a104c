package com.pipelines.datasets;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A dataset: its name and its versions, newest first. */
@Schema(description = "A dataset and its versions, newest first")
record DatasetSummary(String name, String kind, int latestVersion, Instant updateTime, List<DatasetView> versions) {
}
