package com.pipelines.execution;

import java.util.List;
import java.util.UUID;

import com.pipelines.runs.StepsInFlight;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The steps of a run whose db-scheduler executions are picked (executing) on any replica. */
@Component
class ScheduledStepsInFlight implements StepsInFlight {

    private final JdbcTemplate jdbc;

    ScheduledStepsInFlight(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> executing(UUID runId) {
        String prefix = runId + ".";
        return jdbc.queryForList("SELECT task_instance FROM scheduled_tasks WHERE task_name = ? AND picked = ? "
                        + "AND task_instance LIKE ?", String.class, ExecutionConfiguration.STEP_TASK, true, prefix + "%")
                .stream().map(instance -> instance.substring(prefix.length(), instance.lastIndexOf('.')))
                .distinct().toList();
    }
}
