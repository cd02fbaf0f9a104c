package com.pipelines.search;

import com.pipelines.runs.PipelineRun;
import com.pipelines.runs.RunLabel;
import com.pipelines.runs.RunMetric;
import com.pipelines.runs.RunParameter;
import com.pipelines.runs.RunState;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;

/**
 * A parsed run filter, turned into JPA criteria: metric and parameter conditions become correlated EXISTS
 * subqueries on the indexed {@code run_metric} / {@code run_parameter} rows, values are always bound parameters.
 */
sealed interface RunFilterExpression {

    Predicate toPredicate(Root<PipelineRun> run, CriteriaQuery<?> query, CriteriaBuilder cb);

    enum Scope { RUN, METRIC, PARAMETER, LABEL }

    record Field(Scope scope, String name) {
    }

    record Order(Field field, boolean descending) {
    }

    enum Operator {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), HAS(":");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        static Operator of(String symbol) {
            for (Operator operator : values()) {
                if (operator.symbol.equals(symbol)) {
                    return operator;
                }
            }
            throw new RunFilterException("unknown operator " + symbol);
        }
    }

    record And(List<RunFilterExpression> terms) implements RunFilterExpression {
        public Predicate toPredicate(Root<PipelineRun> run, CriteriaQuery<?> query, CriteriaBuilder cb) {
            return cb.and(terms.stream().map(t -> t.toPredicate(run, query, cb)).toArray(Predicate[]::new));
        }
    }

    record Or(List<RunFilterExpression> terms) implements RunFilterExpression {
        public Predicate toPredicate(Root<PipelineRun> run, CriteriaQuery<?> query, CriteriaBuilder cb) {
            return cb.or(terms.stream().map(t -> t.toPredicate(run, query, cb)).toArray(Predicate[]::new));
        }
    }

    record Not(RunFilterExpression term) implements RunFilterExpression {
        public Predicate toPredicate(Root<PipelineRun> run, CriteriaQuery<?> query, CriteriaBuilder cb) {
            return cb.not(term.toPredicate(run, query, cb));
        }
    }

    record Comparison(Field field, Operator operator, Object value) implements RunFilterExpression {

        /** Why this comparison makes no sense (checked at parse time), or null. */
        String problem() {
            boolean number = value instanceof Double;
            if (operator == Operator.HAS && number) {
                return "':' (contains) needs a \"quoted string\"";
            }
            if (field.scope() != Scope.RUN) {
                return null;
            }
            return switch (field.name()) {
                case "state" -> {
                    try {
                        RunState.valueOf(String.valueOf(value));
                        yield operator == Operator.EQ || operator == Operator.NE ? null : "state takes = or !=";
                    } catch (IllegalArgumentException e) {
                        yield "state is one of " + List.of(RunState.values());
                    }
                }
                case "scheduleId" -> {
                    try {
                        java.util.UUID.fromString(String.valueOf(value));
                        yield operator == Operator.EQ || operator == Operator.NE ? null : "scheduleId takes = or !=";
                    } catch (IllegalArgumentException e) {
                        yield "scheduleId needs a schedule id such as \"3f2c…\" (a UUID)";
                    }
                }
                case "createTime", "startTime", "endTime" -> {
                    try {
                        Instant.parse(String.valueOf(value));
                        yield operator == Operator.HAS ? "times take =, !=, <, <=, >, >=" : null;
                    } catch (DateTimeParseException e) {
                        yield field.name() + " needs an ISO-8601 instant such as \"2026-11-25T00:00:00Z\"";
                    }
                }
                default -> number ? field.name() + " needs a \"quoted string\"" : null;
            };
        }

        public Predicate toPredicate(Root<PipelineRun> run, CriteriaQuery<?> query, CriteriaBuilder cb) {
            return switch (field.scope()) {
                case RUN -> onRun(run, cb);
                case METRIC -> exists(RunMetric.class, "key", "numericValue", run, query, cb,
                        (row, c) -> c.isNull(row.get("step")));
                case PARAMETER -> exists(RunParameter.class, "name", "numberValue", run, query, cb, null);
                case LABEL -> label(run, query, cb);
            };
        }

        private Predicate label(Root<PipelineRun> run, CriteriaQuery<?> query, CriteriaBuilder cb) {
            Subquery<Integer> sub = query.subquery(Integer.class);
            Root<RunLabel> row = sub.from(RunLabel.class);
            return cb.exists(sub.select(cb.literal(1)).where(cb.equal(row.get("key").get("runId"), run.get("id")),
                    cb.equal(row.get("key").get("labelKey"), field.name()), text(cb, row.<String>get("value"))));
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Predicate onRun(Root<PipelineRun> run, CriteriaBuilder cb) {
            return switch (field.name()) {
                case "state" -> compare(cb, (Expression) run.get("state"), RunState.valueOf((String) value));
                case "scheduleId" -> compare(cb, (Expression) run.get("scheduleId"),
                        java.util.UUID.fromString((String) value));
                case "createTime", "startTime", "endTime" ->
                        compare(cb, (Expression) run.get(field.name()), Instant.parse((String) value));
                case "createdBy" -> text(cb, run.<String>get("createdByKey"));
                default -> text(cb, run.<String>get(field.name()));
            };
        }

        private interface Extra {
            Predicate on(Root<?> row, CriteriaBuilder cb);
        }

        private <T> Predicate exists(Class<T> type, String nameAttribute, String numberAttribute,
                                     Root<PipelineRun> run, CriteriaQuery<?> query, CriteriaBuilder cb, Extra extra) {
            Subquery<Integer> sub = query.subquery(Integer.class);
            Root<T> row = sub.from(type);
            Predicate match = value instanceof Double number
                    ? compare(cb, row.<Double>get(numberAttribute), number)
                    : text(cb, row.<String>get("textValue"));
            Predicate same = cb.and(cb.equal(row.get("runId"), run.get("id")),
                    cb.equal(row.get(nameAttribute), field.name()), match);
            if (extra != null) {
                same = cb.and(same, extra.on(row, cb));
            }
            return cb.exists(sub.select(cb.literal(1)).where(same));
        }

        private Predicate text(CriteriaBuilder cb, Path<String> path) {
            String text = String.valueOf(value);
            if (operator == Operator.HAS) {
                String pattern = "%" + text.toLowerCase().replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%";
                return cb.like(cb.lower(path), pattern, '\\');
            }
            return compare(cb, path, text);
        }

        private <Y extends Comparable<? super Y>> Predicate compare(CriteriaBuilder cb, Expression<Y> path, Y bound) {
            return switch (operator) {
                case EQ -> cb.equal(path, bound);
                case NE -> cb.notEqual(path, bound);
                case LT -> cb.lessThan(path, bound);
                case LE -> cb.lessThanOrEqualTo(path, bound);
                case GT -> cb.greaterThan(path, bound);
                case GE -> cb.greaterThanOrEqualTo(path, bound);
                case HAS -> throw new IllegalStateException("':' is only for text");
            };
        }
    }
}
