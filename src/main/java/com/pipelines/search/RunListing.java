package com.pipelines.search;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.pipelines.pipeline.PipelineVersions;
import com.pipelines.runs.PipelineRun;
import com.pipelines.runs.RunState;
import com.pipelines.runs.TaskRun;
import com.pipelines.runs.TaskState;
import com.pipelines.search.RunListViews.RunPage;
import com.pipelines.search.RunListViews.RunSummary;
import com.pipelines.search.RunListViews.RunningTask;
import com.pipelines.web.ApiProblem;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * A page of runs matching the simple filters and the {@code filter} expression, ordered by {@code orderBy} (newest
 * first by default and to break ties). Everything happens in the database.
 */
@Service
@Transactional(readOnly = true)
class RunListing {

    /** @param archived false: the default list; true: archived runs only; null: both */
    record RunFilter(RunState state, String pipelineName, String displayName, Instant createdAfter,
                     Instant createdBefore, String experiment, Boolean archived) {

        Specification<PipelineRun> toSpecification() {
            Specification<PipelineRun> spec = (root, query, cb) -> cb.conjunction();
            if (archived != null) {
                spec = spec.and((root, query, cb) -> cb.equal(root.get("archived"), archived));
            }
            if (experiment != null) {
                spec = spec.and((root, query, cb) -> cb.equal(root.get("experiment"), experiment));
            }
            if (state != null) {
                spec = spec.and((root, query, cb) -> cb.equal(root.get("state"), state));
            }
            if (pipelineName != null) {
                spec = spec.and((root, query, cb) -> cb.equal(root.get("pipelineName"), pipelineName));
            }
            if (displayName != null) {
                String pattern = "%" + displayName.toLowerCase().replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%";
                spec = spec.and((root, query, cb) -> cb.like(cb.lower(root.get("displayName")), pattern, '\\'));
            }
            if (createdAfter != null) {
                spec = spec.and((root, query, cb) -> cb.greaterThanOrEqualTo(root.get("createTime"), createdAfter));
            }
            if (createdBefore != null) {
                spec = spec.and((root, query, cb) -> cb.lessThan(root.get("createTime"), createdBefore));
            }
            return spec;
        }
    }

    private final RunSearch search;
    private final RunningTasks tasks;
    private final PipelineVersions versions;

    private final com.pipelines.runs.RunLabelRepository labelRows;

    RunListing(RunSearch search, RunningTasks tasks, PipelineVersions versions,
               com.pipelines.runs.RunLabelRepository labelRows) {
        this.labelRows = labelRows;
        this.search = search;
        this.tasks = tasks;
        this.versions = versions;
    }

    /** The simple filters and the filter expression as one specification; a bad expression is a 400 on field. */
    Specification<PipelineRun> specification(RunFilter filter, String expression, String field) {
        Specification<PipelineRun> spec = filter.toSpecification();
        if (expression != null && !expression.isBlank()) {
            RunFilterExpression parsed = parse(field,
                    () -> RunFilterParser.parse(expression, versions.parameterNames()));
            spec = spec.and(parsed::toPredicate);
        }
        return spec;
    }

    RunPage list(RunFilter filter, String expression, String orderBy, int page, int size) {
        Specification<PipelineRun> spec = specification(filter, expression, "filter");
        Sort newestFirst = Sort.by(Sort.Order.desc("createTime"), Sort.Order.desc("id"));
        String countKey = filter + "|" + expression;
        RunSearch.Found found;
        if (orderBy != null && !orderBy.isBlank()) {
            RunFilterExpression.Order order = parse("orderBy",
                    () -> RunFilterParser.parseOrder(orderBy, versions.parameterNames()));
            if (order.field().scope() == RunFilterExpression.Scope.RUN) {
                Sort.Order first = order.descending() ? Sort.Order.desc(order.field().name())
                        : Sort.Order.asc(order.field().name());
                found = search.page(spec, countKey, Sort.by(first).and(newestFirst), page, size);
            } else {
                found = search.page(spec, countKey, order, page, size);
            }
        } else {
            found = search.page(spec, countKey, newestFirst, page, size);
        }
        Map<UUID, RunningTask> running = runningTasks(found.runs());
        Map<UUID, Map<String, String>> labels = labelRows.labelsOf(found.runs().stream().map(PipelineRun::id)
                .toList());
        List<RunSummary> summaries = found.runs().stream()
                .map(r -> new RunSummary(r.id(), r.jobId(), r.displayName(), r.pipelineName(), r.state(),
                        r.createTime(), r.startTime(), r.endTime(), r.error(), running.get(r.id()), r.experiment(),
                        labels.getOrDefault(r.id(), Map.of()), r.archived()))
                .toList();
        int totalPages = (int) ((found.total() + size - 1) / size);
        return new RunPage(summaries, page, size, found.total(), totalPages);
    }

    /** The running tasks of a page's runs under way, in one query. */
    private Map<UUID, RunningTask> runningTasks(List<PipelineRun> page) {
        List<UUID> underWay = page.stream().filter(r -> r.state() == RunState.RUNNING
                || r.state() == RunState.CANCELLING).map(PipelineRun::id).toList();
        if (underWay.isEmpty()) {
            return Map.of();
        }
        Map<UUID, RunningTask> running = new HashMap<>();
        for (TaskRun t : tasks.findByRunIdInAndState(underWay, TaskState.RUNNING)) {
            running.put(t.runId(), new RunningTask(t.name(), t.attempt(), t.progress()));
        }
        return running;
    }

    private static <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RunFilterException e) {
            HttpStatus status = HttpStatus.BAD_REQUEST;
            throw new ErrorResponseException(status, ApiProblem.of(status, "invalid-request", "Invalid request",
                    field + ": " + e.getMessage(), field), null);
        }
    }
}
