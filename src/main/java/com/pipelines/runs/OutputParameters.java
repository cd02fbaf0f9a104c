package com.pipelines.runs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The output parameters tasks record (a KFP component's return values), as JSON values by run, task and name. */
@Repository
class OutputParameters {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OutputParameters(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void put(UUID runId, String task, String name, Object value) {
        jdbc.sql("delete from task_output_parameter where run_id = ? and task_name = ? and name = ?")
                .params(runId, task, name).update();
        jdbc.sql("insert into task_output_parameter (run_id, task_name, name, value_json) values (?, ?, ?, ?)")
                .params(runId, task, name, json.writeValueAsString(value)).update();
    }

    Map<String, Object> of(UUID runId, String task) {
        Map<String, Object> values = new LinkedHashMap<>();
        jdbc.sql("select name, value_json from task_output_parameter where run_id = ? and task_name = ? order by name")
                .params(runId, task)
                .query((rs, n) -> values.put(rs.getString(1), json.readValue(rs.getString(2), Object.class)))
                .list();
        return values;
    }

    /** Every task's output parameters, by task. */
    Map<String, Map<String, Object>> ofRun(UUID runId) {
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        jdbc.sql("select task_name, name, value_json from task_output_parameter where run_id = ? "
                        + "order by task_name, name")
                .params(runId)
                .query((rs, n) -> values.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>())
                        .put(rs.getString(2), json.readValue(rs.getString(3), Object.class)))
                .list();
        return values;
    }

    void clear(UUID runId, String task) {
        jdbc.sql("delete from task_output_parameter where run_id = ? and task_name = ?").params(runId, task).update();
    }

    void copy(UUID source, UUID target, String task) {
        clear(target, task);
        jdbc.sql("insert into task_output_parameter (run_id, task_name, name, value_json) "
                        + "select ?, task_name, name, value_json from task_output_parameter "
                        + "where run_id = ? and task_name = ?")
                .params(target, source, task).update();
    }
}
