package com.pipelines.pipeline.ir;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kfp runtime placeholders an in-process task's constants may hold, besides
 * {@code {{$.inputs.parameters['name']}}}: the run's name, resource name, uuid, creation and schedule times, the
 * task's name and uuid, the pipeline root. The engine fills them when the task is queued.
 */
public final class Placeholders {

    public static final List<String> KNOWN = List.of("{{$.pipeline_job_name}}", "{{$.pipeline_job_resource_name}}",
            "{{$.pipeline_job_uuid}}", "{{$.pipeline_task_name}}", "{{$.pipeline_task_uuid}}",
            "{{$.pipeline_job_create_time_utc}}", "{{$.pipeline_job_schedule_time_utc}}", "{{$.pipeline_root}}");
    public static final Pattern ANY = Pattern.compile("\\{\\{\\$[^{}]*}}");
    public static final Pattern INPUT = Pattern.compile("\\{\\{\\$\\.inputs\\.parameters\\['([^']+)']}}");

    private Placeholders() {
    }

    /** The first placeholder of {@code text} an in-process task does not know, if any. */
    static Optional<String> unknown(String text) {
        Matcher matcher = ANY.matcher(text);
        while (matcher.find()) {
            String found = matcher.group();
            if (!KNOWN.contains(found) && !INPUT.matcher(found).matches()) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }
}
