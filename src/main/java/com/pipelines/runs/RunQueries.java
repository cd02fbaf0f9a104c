package com.pipelines.runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.artifacts.PipelineRoots;
import com.pipelines.runs.RunViews.ArtifactView;
import com.pipelines.runs.RunViews.LogEntry;
import com.pipelines.runs.RunViews.LogPage;
import com.pipelines.runs.RunViews.MetricPoint;
import com.pipelines.runs.RunViews.MetricsView;
import com.pipelines.runs.RunViews.RunView;
import com.pipelines.runs.RunViews.StateChangeView;
import com.pipelines.runs.RunViews.TaskView;
import org.springframework.data.domain.Limit;
import com.pipelines.pipeline.PipelineVersions;
import com.pipelines.pipeline.ir.PipelineGraph;
import com.pipelines.pipeline.ir.TaskNode;
import com.pipelines.runs.RunViews.DagEdge;
import com.pipelines.runs.RunViews.DagNode;
import com.pipelines.runs.RunViews.DagView;
import org.springframework.stereotype.Service;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Reads of runs for the API. The ETag look-up is one indexed single-row query, so unchanged polls stay cheap. */
@Service
@Transactional(readOnly = true)
class RunQueries {

    private final PipelineRunRepository runs;
    private final TaskRunRepository tasks;
    private final RunMetricRepository metrics;
    private final RunArtifactRepository artifacts;
    private final TaskLogRepository logs;
    private final PipelineRoots roots;
    private final JdbcClient jdbc;
    private final OutputParameters outputs;
    private final PipelineVersions versions;

    private final RunLabelRepository labelRows;

    RunQueries(PipelineRunRepository runs, TaskRunRepository tasks, RunMetricRepository metrics,
               RunArtifactRepository artifacts, TaskLogRepository logs, PipelineRoots roots,
               JdbcClient jdbc, OutputParameters outputs,
               PipelineVersions versions, RunLabelRepository labelRows) {
        this.labelRows = labelRows;
        this.jdbc = jdbc;
        this.outputs = outputs;
        this.versions = versions;
        this.runs = runs;
        this.tasks = tasks;
        this.metrics = metrics;
        this.artifacts = artifacts;
        this.logs = logs;
        this.roots = roots;
    }

    /**
     * The run's ETag from one primary-key read over plain JDBC, outside any transaction: this is what every poll
     * pays, so it skips the persistence context and the transaction a JPA query would open.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    String etag(UUID id) {
        return jdbc.sql("select version, revision from pipeline_run where id = ?").param(id)
                .query((row, number) -> new RunTag(row.getLong(1), row.getLong(2))).optional()
                .map(RunTag::etag).orElseThrow(() -> RunException.notFound(id));
    }

    record Tagged(RunView run, String etag) {
    }

    Tagged run(UUID id) {
        PipelineRun run = runs.findWithHistoryById(id).orElseThrow(() -> RunException.notFound(id));
        Map<String, Map<String, Object>> produced = outputs.ofRun(id);
        List<TaskView> taskViews = tasks.findByRunIdOrderByPosition(id).stream()
                .map(t -> view(t, produced.get(t.name()))).toList();
        Map<String, Object> finalMetrics = new LinkedHashMap<>();
        metrics.findByRunIdAndStepIsNullOrderById(id).forEach(m -> finalMetrics.put(m.key(), m.value()));
        List<StateChangeView> history = run.stateHistory().stream()
                .map(c -> new StateChangeView(c.state(), c.time(), c.message())).toList();
        RunView view = new RunView(run.id(), run.jobId(), run.displayName(), run.pipelineName(),
                run.pipelineVersion(), run.state(),
                run.parameterValues(), run.enableCaching(),
                run.pipelineRoot() != null ? run.pipelineRoot() : roots.serverDefault(),
                run.executor().wireName(), run.failurePolicy(), run.externalJob().orElse(null), run.createTime(), run.startTime(),
                run.endTime(),
                run.updateTime(), run.error(), run.scheduleId(), run.scheduledTime(), taskViews, finalMetrics,
                artifactViews(id), history, run.experiment(),
                labelRows.labelsOf(List.of(id)).getOrDefault(id, Map.of()), run.archived(), run.createdByKey());
        return new Tagged(view, new RunTag(run.version(), run.revision()).etag());
    }

    MetricsView metrics(UUID id) {
        requireRun(id);
        List<MetricPoint> finals = new ArrayList<>();
        Map<String, List<MetricPoint>> history = new LinkedHashMap<>();
        for (RunMetric m : metrics.findByRunIdOrderById(id)) {
            MetricPoint point = new MetricPoint(m.taskName(), m.key(), m.value(), m.step(), m.time());
            if (m.step() == null) {
                finals.add(point);
            } else {
                history.computeIfAbsent(m.key(), key -> new ArrayList<>()).add(point);
            }
        }
        history.values().forEach(points -> points.sort((a, b) -> Integer.compare(a.step(), b.step())));
        return new MetricsView(finals, history);
    }

    List<ArtifactView> artifacts(UUID id) {
        requireRun(id);
        return artifactViews(id);
    }

    LogPage logs(UUID id, Optional<String> task, long after, int limit) {
        requireRun(id);
        List<TaskLogLine> lines = task
                .map(name -> logs.findByRunIdAndTaskNameAndIdGreaterThanOrderById(id, name, after, Limit.of(limit)))
                .orElseGet(() -> logs.findByRunIdAndIdGreaterThanOrderById(id, after, Limit.of(limit)));
        List<LogEntry> entries = lines.stream()
                .map(l -> new LogEntry(l.id(), l.time(), l.taskName(), l.attempt(), l.message())).toList();
        Long next = entries.size() == limit ? entries.get(entries.size() - 1).seq() : null;
        return new LogPage(entries, next);
    }

    boolean exists(UUID id) {
        return runs.existsById(id);
    }

    private void requireRun(UUID id) {
        if (!exists(id)) {
            throw RunException.notFound(id);
        }
    }

    private List<ArtifactView> artifactViews(UUID id) {
        return artifacts.findByRunIdOrderById(id).stream()
                .map(a -> new ArtifactView(a.taskName(), a.name(), a.type(), a.uri(), a.metadata())).toList();
    }

    private static TaskView view(TaskRun t, Map<String, Object> outputParameters) {
        return new TaskView(t.name(), t.state(), t.attempt(), t.startTime(), t.endTime(),
                t.progress(), t.error(),
                t.lastHeartbeat(), t.cachedFromRun(), t.component(), t.parent(), t.inputs(),
                outputParameters == null ? Map.of() : outputParameters);
    }

    /**
     * The run's DAG: every task with its state (a loop's iterations as {@code task[i]} once the loop has started;
     * before, its body's tasks as they are in the pipeline), and what flows between them.
     */
    @Transactional(readOnly = true)
    DagView dag(UUID id) {
        PipelineRun run = runs.findById(id).orElseThrow(() -> RunException.notFound(id));
        PipelineGraph graph = versions.graph(run.pipelineName(), run.pipelineVersionId());
        List<DagNode> nodes = new java.util.ArrayList<>();
        java.util.Set<String> bases = new java.util.HashSet<>();
        for (TaskRun row : tasks.findByRunIdOrderByPosition(id)) {
            graph.task(Iterations.base(row.name())).ifPresent(node -> {
                bases.add(node.name());
                nodes.add(new DagNode(row.name(), node.step(), row.parent(), node.dag(), row.state(),
                        node.condition() == null ? null : node.condition().text()));
            });
        }
        graph.tasks().stream().filter(node -> !bases.contains(node.name())).forEach(node -> nodes.add(new DagNode(
                node.name(), node.step(), node.parent(), node.dag(), TaskState.PENDING,
                node.condition() == null ? null : node.condition().text())));
        java.util.Set<String> names = new java.util.HashSet<>();
        nodes.forEach(node -> names.add(node.name()));
        List<DagEdge> edges = new java.util.ArrayList<>();
        for (DagNode shown : nodes) {
            TaskNode task = graph.task(Iterations.base(shown.name())).orElseThrow();
            String suffix = Iterations.suffix(shown.name());
            java.util.function.Function<String, String> from = producer -> names.contains(producer + suffix)
                    ? producer + suffix : producer;
            java.util.Set<String> flowing = new java.util.HashSet<>();
            task.parameters().forEach((input, binding) -> {
                if (binding instanceof TaskNode.TaskOutput output) {
                    edges.add(new DagEdge(from.apply(output.producer()), shown.name(), "parameter", output.key()));
                    flowing.add(output.producer());
                }
            });
            task.artifacts().forEach((input, binding) -> {
                if (binding instanceof TaskNode.TaskOutput output) {
                    edges.add(new DagEdge(from.apply(output.producer()), shown.name(), "artifact", output.key()));
                    flowing.add(output.producer());
                }
            });
            task.dependsOn().stream().filter(d -> !flowing.contains(d))
                    .forEach(d -> edges.add(new DagEdge(from.apply(d), shown.name(), "dependency", null)));
        }
        return new DagView(nodes, edges);
    }
}
