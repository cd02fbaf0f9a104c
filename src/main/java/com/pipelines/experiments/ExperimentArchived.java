package com.pipelines.experiments;

/** An experiment was archived: its runs are archived with it (as KFP does). */
public record ExperimentArchived(String name) {
}
