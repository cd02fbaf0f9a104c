package com.pipelines.runs;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.query.QueryUtils;
import org.springframework.stereotype.Component;

/**
 * One page of runs and how many match, counted up to {@link #COUNT_CAP}: beyond that the total is reported as a
 * lower bound, so that a list over a long history does not count every row on every request (a full count was
 * the largest part of a page's time at 100,000 runs).
 */
@Component
class RunSearch {

    static final int COUNT_CAP = 10_000;

    private final EntityManager entityManager;

    RunSearch(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    record Found(List<PipelineRun> runs, long total, boolean totalCapped) {
    }

    /** A page ordered by a metric or parameter value (see {@link RunOrdering}). */
    Found page(Specification<PipelineRun> spec, RunFilterExpression.Order order, int page, int size) {
        List<PipelineRun> runs = new RunOrdering(entityManager, order).page(spec, (long) page * size, size);
        return counted(spec, runs, page, size);
    }

    Found page(Specification<PipelineRun> spec, Sort sort, int page, int size) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<PipelineRun> query = cb.createQuery(PipelineRun.class);
        Root<PipelineRun> run = query.from(PipelineRun.class);
        Predicate where = spec.toPredicate(run, query, cb);
        if (where != null) {
            query.where(where);
        }
        if (sort.isSorted()) {
            query.orderBy(QueryUtils.toOrders(sort, run, cb));
        }
        List<PipelineRun> runs = entityManager.createQuery(query)
                .setFirstResult(page * size).setMaxResults(size).getResultList();
        return counted(spec, runs, page, size);
    }

    private Found counted(Specification<PipelineRun> spec, List<PipelineRun> runs, int page, int size) {
        long offset = (long) page * size;
        if (!runs.isEmpty() && runs.size() < size || runs.isEmpty() && page == 0) {
            return new Found(runs, offset + runs.size(), false);
        }
        long counted = count(spec);
        return new Found(runs, Math.min(counted, COUNT_CAP), counted > COUNT_CAP);
    }

    /** Matching rows up to one past the cap, fetched as constants: the database stops at the limit. */
    private long count(Specification<PipelineRun> spec) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<Integer> query = cb.createQuery(Integer.class);
        Root<PipelineRun> run = query.from(PipelineRun.class);
        Predicate where = spec.toPredicate(run, query, cb);
        query.select(cb.literal(1));
        if (where != null) {
            query.where(where);
        }
        return entityManager.createQuery(query).setMaxResults(COUNT_CAP + 1).getResultList().size();
    }
}
