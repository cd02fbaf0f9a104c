package com.pipelines.search;

import com.pipelines.runs.PipelineRun;
import com.pipelines.runs.TaskQueued;
import com.pipelines.runs.RemoteRunQueued;

import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.query.QueryUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * One page of runs and how many match. The page is always read fresh; the total of a given filter is counted at
 * most every {@link #COUNT_TTL} (dashboards poll the same list every few seconds, and counting a long history was
 * the largest part of a page's time at 100,000 runs) and forgotten when this replica queues a run. A last page
 * that is not full gives its total without counting.
 */
@Component
class RunSearch {

    static final Duration COUNT_TTL = Duration.ofSeconds(2);

    private final EntityManager entityManager;
    private final Cache<String, Long> counts = Caffeine.newBuilder().maximumSize(1_000)
            .expireAfterWrite(COUNT_TTL).build();

    RunSearch(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    record Found(List<PipelineRun> runs, long total) {
    }

    /** A page ordered by a metric or parameter value (see {@link RunOrdering}). */
    Found page(Specification<PipelineRun> spec, String countKey, RunFilterExpression.Order order, int page,
               int size) {
        List<PipelineRun> runs = new RunOrdering(entityManager, order).page(spec, (long) page * size, size);
        return counted(spec, countKey, runs, page, size);
    }

    Found page(Specification<PipelineRun> spec, String countKey, Sort sort, int page, int size) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<PipelineRun> query = cb.createQuery(PipelineRun.class);
        Root<PipelineRun> run = query.from(PipelineRun.class);
        Predicate where = spec.toPredicate(run, query, cb);
        if (where != null) {
            query.where(where);
        }
        query.orderBy(QueryUtils.toOrders(sort, run, cb));
        List<PipelineRun> runs = entityManager.createQuery(query)
                .setFirstResult(page * size).setMaxResults(size).getResultList();
        return counted(spec, countKey, runs, page, size);
    }

    /** After the commit: forgetting before it would let a concurrent list count without the new run again. */
    @TransactionalEventListener(classes = {TaskQueued.class, RemoteRunQueued.class}, fallbackExecution = true)
    void forgetCounts() {
        counts.invalidateAll();
    }

    private Found counted(Specification<PipelineRun> spec, String countKey, List<PipelineRun> runs, int page,
                          int size) {
        long offset = (long) page * size;
        if (!runs.isEmpty() && runs.size() < size || runs.isEmpty() && page == 0) {
            return new Found(runs, offset + runs.size());
        }
        return new Found(runs, counts.get(countKey, key -> count(spec)));
    }

    private long count(Specification<PipelineRun> spec) {
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<PipelineRun> run = query.from(PipelineRun.class);
        Predicate where = spec.toPredicate(run, query, cb);
        query.select(cb.count(run));
        if (where != null) {
            query.where(where);
        }
        return entityManager.createQuery(query).getSingleResult();
    }
}
