package com.pipelines.pipeline;

import java.util.Map;

/** An artifact as recorded for a run: which task made it, its name, type, uri and metadata. */
public record RecordedArtifact(String task, String name, String type, String uri, Map<String, Object> metadata) {
}
