package com.pipelines.search;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import com.pipelines.runs.TaskRun;
import com.pipelines.runs.TaskState;
import org.springframework.data.repository.Repository;

interface RunningTasks extends Repository<TaskRun, UUID> {
    List<TaskRun> findByRunIdInAndState(Collection<UUID> runIds, TaskState state);
}
