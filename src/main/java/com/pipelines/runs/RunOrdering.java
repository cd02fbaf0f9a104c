package com.pipelines.runs;

import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;
import org.springframework.data.jpa.domain.Specification;

/**
 * Orders runs by a metric or parameter value: a correlated scalar subquery in ORDER BY, runs without the value
 * last, newest first among equals. Applied to the page query only, not to its count.
 */
final class RunOrdering {

    private RunOrdering() {
    }

    static Specification<PipelineRun> by(RunFilterExpression.Order order) {
        return (run, query, cb) -> {
            if (query.getResultType() == Long.class || query.getResultType() == long.class) {
                return null;
            }
            boolean metric = order.field().scope() == RunFilterExpression.Scope.METRIC;
            Subquery<Double> value = query.subquery(Double.class);
            Root<?> row = metric ? value.from(RunMetric.class) : value.from(RunParameter.class);
            var same = cb.and(cb.equal(row.get("runId"), run.get("id")),
                    cb.equal(row.get(metric ? "key" : "name"), order.field().name()));
            if (metric) {
                same = cb.and(same, cb.isNull(row.get("step")));
            }
            value.select(cb.max(row.<Double>get(metric ? "numericValue" : "numberValue"))).where(same);
            HibernateCriteriaBuilder hcb = (HibernateCriteriaBuilder) cb;
            Expression<Double> key = value;
            query.orderBy(order.descending() ? hcb.desc(key, false) : hcb.asc(key, false),
                    cb.desc(run.get("createTime")), cb.desc(run.get("id")));
            return null;
        };
    }
}
