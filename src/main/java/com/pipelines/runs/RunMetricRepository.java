package com.pipelines.runs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RunMetricRepository extends JpaRepository<RunMetric, Long> {

    Optional<RunMetric> findByRunIdAndTaskNameAndKeyAndStepIsNull(UUID runId, String taskName, String key);

    Optional<RunMetric> findByRunIdAndTaskNameAndKeyAndStep(UUID runId, String taskName, String key, Integer step);

    List<RunMetric> findByRunIdOrderById(UUID runId);

    List<RunMetric> findByRunIdAndTaskNameOrderById(UUID runId, String taskName);

    List<RunMetric> findByRunIdAndStepIsNullOrderById(UUID runId);

    @Modifying
    @Query("delete from RunMetric m where m.runId = :runId and m.taskName = :taskName")
    int deleteTaskMetrics(UUID runId, String taskName);
}
