package com.pipelines.datasets;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** A dataset version as the API shows it; the list leaves {@code schema} and {@code statistics} out. */
@Schema(description = "A registered dataset version")
record DatasetView(
        String name,
        int version,
        @Schema(description = "csv, images, idx or vertex-jsonl") String format,
        @Schema(description = "tabular or image") String kind,
        @Schema(description = "SHA-256 of the source's bytes") String sha256,
        @Schema(description = "SHA-256 of the source and the preparation options: what runs and cache keys record")
        String digest,
        String source,
        String description,
        long rows,
        @Schema(description = "rows per split") Map<String, Integer> splits,
        long bytes,
        Instant createTime,
        String storageUri,
        @Schema(description = "kind, features (type, vocabulary, train mean/std), image shape, class names")
        Map<String, Object> schema,
        @Schema(description = "per split: class counts, per-feature statistics and histograms, pixel mean/std")
        Map<String, Object> statistics) {
}
