package com.pipelines.runs;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface TaskLogRepository extends JpaRepository<TaskLogLine, Long> {

    List<TaskLogLine> findByRunIdAndIdGreaterThanOrderById(UUID runId, long after, Limit limit);

    List<TaskLogLine> findByRunIdAndTaskNameAndIdGreaterThanOrderById(UUID runId, String task, long after, Limit limit);
}
