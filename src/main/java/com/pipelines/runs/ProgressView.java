package com.pipelines.runs;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Progress of a task: fraction 0-1, a message and free-form figures")
public record ProgressView(Double fraction, String message, Map<String, Object> details) {
}
