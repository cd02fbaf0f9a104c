package com.pipelines.runs;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface RunLabelRepository extends JpaRepository<RunLabel, RunLabel.Key> {

    @Query("select l from RunLabel l where l.key.runId in :runIds")
    List<RunLabel> findByRunIds(Collection<UUID> runIds);

    @Modifying
    @Query("delete from RunLabel l where l.key.runId = :runId")
    void deleteByRunId(UUID runId);

    /** The labels of each run, sorted by key. */
    default Map<UUID, Map<String, String>> labelsOf(Collection<UUID> runIds) {
        Map<UUID, Map<String, String>> labels = new java.util.HashMap<>();
        if (runIds.isEmpty()) {
            return labels;
        }
        for (RunLabel label : findByRunIds(runIds)) {
            labels.computeIfAbsent(label.runId(), id -> new TreeMap<>()).put(label.key(), label.value());
        }
        return labels;
    }
}
