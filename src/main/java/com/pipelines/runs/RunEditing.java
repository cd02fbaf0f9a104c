package com.pipelines.runs;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import com.pipelines.experiments.ExperimentArchived;
import com.pipelines.web.Labels;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What people change on a run after it started: its labels, its display name, whether it is archived. */
@Service
@Transactional
class RunEditing {

    private final PipelineRunRepository runs;
    private final RunLabelRepository labels;
    private final Clock clock;

    RunEditing(PipelineRunRepository runs, RunLabelRepository labels, Clock clock) {
        this.runs = runs;
        this.labels = labels;
        this.clock = clock;
    }

    /** Replaces the labels (when given) and the display name (when given); the run's ETag changes. */
    void edit(UUID id, RunController.PatchRunRequest request) {
        PipelineRun run = runs.findById(id).orElseThrow(() -> RunException.notFound(id));
        if (request.labels() != null) {
            Map<String, String> checked = Labels.checked(request.labels(), "labels");
            labels.deleteByRunId(id);
            labels.flush();
            checked.forEach((key, value) -> labels.save(new RunLabel(id, key, value)));
        }
        if (request.displayName() != null) {
            run.rename(request.displayName());
        }
        run.touch(clock.instant());
    }

    void archive(UUID id, boolean archived) {
        PipelineRun run = runs.findById(id).orElseThrow(() -> RunException.notFound(id));
        if (run.archived() != archived) {
            run.archive(archived);
            run.touch(clock.instant());
        }
    }

    /** An archived experiment's runs are archived with it, as in KFP. */
    @EventListener
    void onExperimentArchived(ExperimentArchived archived) {
        runs.archiveExperiment(archived.name(), clock.instant());
    }
}
