package com.pipelines.search;

import com.pipelines.runs.PipelineRun;
import com.pipelines.runs.RunMetric;
import com.pipelines.runs.RunParameter;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import org.springframework.data.jpa.domain.Specification;

/**
 * A page of runs ordered by a metric or parameter value (by number, or by text for a field no run has a number
 * for), runs without the value last, newest first among equals.
 * Read in two parts so that the database can walk the (name, value) index in order and stop after a page: the
 * runs that have the value (joined to their value row), then, if the page reaches past them, the runs that do not.
 * When two tasks of a run log the same final metric, the one logged last is the run's value (as in its metrics):
 * a NOT EXISTS probe for a later row, which keeps the ordered index walk (a max(id) subquery did not: 314 ms).
 */
final class RunOrdering {

    private final EntityManager entityManager;
    private final RunFilterExpression.Order order;
    private final boolean metric;
    private final boolean text;

    RunOrdering(EntityManager entityManager, RunFilterExpression.Order order) {
        this.entityManager = entityManager;
        this.order = order;
        this.metric = order.field().scope() == RunFilterExpression.Scope.METRIC;
        this.text = !anyNumber();
    }

    /**
     * Whether any run has a number for the field: then runs are ordered by number, else by text (a text parameter
     * such as modelType, a text metric such as Model). One index probe on (name, value).
     */
    private boolean anyNumber() {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<Integer> query = cb.createQuery(Integer.class);
        Root<?> row = query.from(valueEntity());
        query.select(cb.literal(1)).where(cb.equal(row.get(metric ? "key" : "name"), order.field().name()),
                cb.isNotNull(row.get(metric ? "numericValue" : "numberValue")));
        return !entityManager.createQuery(query).setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * A full page of runs with the value needs no more. A partial one is followed by the first runs without it; an
     * empty one means the page lies wholly past the runs with the value, which are then counted to know how many of
     * the others to skip.
     */
    List<PipelineRun> page(Specification<PipelineRun> spec, long offset, int size) {
        List<PipelineRun> runs = new ArrayList<>(withValue(spec, offset, size));
        if (runs.size() < size) {
            long skip = runs.isEmpty() && offset > 0 ? offset - countWithValue(spec, offset) : 0;
            runs.addAll(withoutValue(spec, skip, size - runs.size()));
        }
        return runs;
    }

    private List<PipelineRun> withValue(Specification<PipelineRun> spec, long offset, int size) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<PipelineRun> query = cb.createQuery(PipelineRun.class);
        Root<PipelineRun> run = query.from(PipelineRun.class);
        Root<?> row = query.from(valueEntity());
        Expression<?> value = row.get(valueAttribute());
        query.select(run).where(and(cb, spec.toPredicate(run, query, cb), valueOf(cb, query, run, row)));
        query.orderBy(order.descending() ? cb.desc(value) : cb.asc(value), cb.desc(run.get("createTime")),
                cb.desc(run.get("id")));
        return entityManager.createQuery(query).setFirstResult((int) offset).setMaxResults(size).getResultList();
    }

    private List<PipelineRun> withoutValue(Specification<PipelineRun> spec, long offset, int size) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<PipelineRun> query = cb.createQuery(PipelineRun.class);
        Root<PipelineRun> run = query.from(PipelineRun.class);
        Subquery<Integer> has = query.subquery(Integer.class);
        Root<?> row = has.from(valueEntity());
        has.select(cb.literal(1)).where(sameRun(cb, run, row));
        query.select(run).where(and(cb, spec.toPredicate(run, query, cb), cb.not(cb.exists(has))));
        query.orderBy(cb.desc(run.get("createTime")), cb.desc(run.get("id")));
        return entityManager.createQuery(query).setFirstResult((int) offset).setMaxResults(size).getResultList();
    }

    /** How many matching runs have the value, counted no further than {@code upTo} (all of them when fewer). */
    private long countWithValue(Specification<PipelineRun> spec, long upTo) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<Integer> query = cb.createQuery(Integer.class);
        Root<PipelineRun> run = query.from(PipelineRun.class);
        Root<?> row = query.from(valueEntity());
        query.select(cb.literal(1)).where(and(cb, spec.toPredicate(run, query, cb), valueOf(cb, query, run, row)));
        return entityManager.createQuery(query).setMaxResults((int) Math.min(upTo, Integer.MAX_VALUE))
                .getResultList().size();
    }

    /** The run's value row: for a metric logged by more than one task, only the last logged. */
    private Predicate valueOf(CriteriaBuilder cb, CriteriaQuery<?> query, Root<PipelineRun> run, Root<?> row) {
        if (!metric) {
            return sameRun(cb, run, row);
        }
        Subquery<Integer> later = query.subquery(Integer.class);
        Root<RunMetric> other = later.from(RunMetric.class);
        later.select(cb.literal(1)).where(cb.equal(other.get("runId"), row.get("runId")),
                cb.equal(other.get("key"), row.get("key")), cb.isNull(other.get("step")),
                cb.isNotNull(other.get(valueAttribute())), cb.greaterThan(other.get("id"), row.<Long>get("id")));
        return cb.and(sameRun(cb, run, row), cb.not(cb.exists(later)));
    }

    private Predicate sameRun(CriteriaBuilder cb, Root<PipelineRun> run, Root<?> row) {
        Predicate same = cb.and(cb.equal(row.get("runId"), run.get("id")),
                cb.equal(row.get(metric ? "key" : "name"), order.field().name()),
                cb.isNotNull(row.get(valueAttribute())));
        return metric ? cb.and(same, cb.isNull(row.get("step"))) : same;
    }

    private Class<?> valueEntity() {
        return metric ? RunMetric.class : RunParameter.class;
    }

    private String valueAttribute() {
        return text ? "textValue" : metric ? "numericValue" : "numberValue";
    }

    private static Predicate and(CriteriaBuilder cb, Predicate where, Predicate more) {
        return where == null ? more : cb.and(where, more);
    }
}
