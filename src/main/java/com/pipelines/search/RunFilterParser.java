package com.pipelines.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses run filters in the style of Google's AIP-160 (as Vertex AI's list filters):
 * <pre>
 *   filter     := or
 *   or         := and ("OR" and)*
 *   and        := unary ("AND" unary)*
 *   unary      := "NOT" unary | "(" or ")" | comparison
 *   comparison := field ("=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | ":") value
 *   field      := "metrics." name | "params." name | "labels." key | state | displayName | pipelineName | jobId
 *                 | experiment | createdBy
 *                 | createTime | startTime | endTime
 *   name       := identifier | "quoted string"        value := number | "quoted string" | identifier
 * </pre>
 * {@code :} means "contains" for text. Any error names its position; the result is a tree, never SQL text.
 */
final class RunFilterParser {

    static final Set<String> RUN_FIELDS = Set.of("state", "displayName", "pipelineName", "jobId", "createTime",
            "startTime", "endTime", "scheduleId", "experiment", "createdBy");
    private static final int MAX_DEPTH = 32;
    private static final int MAX_COMPARISONS = 50;

    private final List<RunFilterLexer.Token> tokens;
    private final Set<String> parameterNames;
    private int position;
    private int depth;
    private int comparisons;

    private RunFilterParser(String text, Set<String> parameterNames) {
        this.tokens = RunFilterLexer.tokens(text);
        this.parameterNames = parameterNames;
    }

    /** @param parameterNames the parameters any pipeline declares: {@code params.x} must name one of them */
    static RunFilterExpression parse(String text, Set<String> parameterNames) {
        RunFilterParser parser = new RunFilterParser(text, parameterNames);
        RunFilterExpression expression = parser.or();
        if (parser.peek().kind() != RunFilterLexer.Kind.END) {
            throw parser.error("expected AND, OR or the end");
        }
        return expression;
    }

    /** Parses {@code orderBy}: a field, optionally followed by {@code asc} or {@code desc}. */
    static RunFilterExpression.Order parseOrder(String text, Set<String> parameterNames) {
        RunFilterParser parser = new RunFilterParser(text, parameterNames);
        RunFilterExpression.Field field = parser.field();
        boolean descending = false;
        RunFilterLexer.Token next = parser.peek();
        if (next.kind() == RunFilterLexer.Kind.WORD && next.text().equalsIgnoreCase("desc")) {
            descending = true;
            parser.position++;
        } else if (next.kind() == RunFilterLexer.Kind.WORD && next.text().equalsIgnoreCase("asc")) {
            parser.position++;
        }
        if (parser.peek().kind() != RunFilterLexer.Kind.END) {
            throw parser.error("expected asc, desc or the end");
        }
        return new RunFilterExpression.Order(field, descending);
    }

    private RunFilterExpression or() {
        List<RunFilterExpression> terms = new ArrayList<>(List.of(and()));
        while (keyword("OR")) {
            terms.add(and());
        }
        return terms.size() == 1 ? terms.get(0) : new RunFilterExpression.Or(terms);
    }

    private RunFilterExpression and() {
        List<RunFilterExpression> terms = new ArrayList<>(List.of(unary()));
        while (keyword("AND")) {
            terms.add(unary());
        }
        return terms.size() == 1 ? terms.get(0) : new RunFilterExpression.And(terms);
    }

    private RunFilterExpression unary() {
        if (++depth > MAX_DEPTH) {
            throw error("nested too deeply (at most " + MAX_DEPTH + " levels)");
        }
        try {
            if (keyword("NOT")) {
                return new RunFilterExpression.Not(unary());
            }
            if (peek().kind() == RunFilterLexer.Kind.LEFT) {
                position++;
                RunFilterExpression inner = or();
                if (peek().kind() != RunFilterLexer.Kind.RIGHT) {
                    throw error("expected )");
                }
                position++;
                return inner;
            }
            return comparison();
        } finally {
            depth--;
        }
    }

    private RunFilterExpression comparison() {
        if (++comparisons > MAX_COMPARISONS) {
            throw error("too many conditions (at most " + MAX_COMPARISONS + ")");
        }
        RunFilterExpression.Field field = field();
        RunFilterLexer.Token operator = peek();
        if (operator.kind() != RunFilterLexer.Kind.OPERATOR) {
            throw error("expected an operator (=, !=, <, <=, >, >=, :)");
        }
        position++;
        RunFilterLexer.Token value = peek();
        Object parsed = switch (value.kind()) {
            case NUMBER -> Double.valueOf(value.text());
            case STRING -> value.text();
            case WORD -> {
                if (isKeyword(value)) {
                    throw error("expected a value");
                }
                yield value.text();
            }
            default -> throw error("expected a value (a number or a \"quoted string\")");
        };
        position++;
        RunFilterExpression.Comparison comparison = new RunFilterExpression.Comparison(field,
                RunFilterExpression.Operator.of(operator.text()), parsed);
        String problem = comparison.problem();
        if (problem != null) {
            position--;
            throw error(problem);
        }
        return comparison;
    }

    private RunFilterExpression.Field field() {
        RunFilterLexer.Token token = peek();
        if (token.kind() != RunFilterLexer.Kind.WORD || isKeyword(token)) {
            throw error("expected a field such as metrics.acc, params.modelType or state");
        }
        position++;
        String text = token.text();
        if (text.equals("metrics") || text.equals("params")) {
            RunFilterLexer.Token dotted = peek();
            if (dotted.kind() != RunFilterLexer.Kind.STRING) {
                throw error("expected " + text + ".<name> or " + text + ".\"name with spaces\"");
            }
            position++;
            return named(text, dotted.text(), token);
        }
        int dot = text.indexOf('.');
        if (dot > 0) {
            return named(text.substring(0, dot), text.substring(dot + 1), token);
        }
        if (!RUN_FIELDS.contains(text)) {
            throw errorAt(token, "unknown field '" + text + "'; use metrics.<key>, params.<name> or one of "
                    + RUN_FIELDS.stream().sorted().toList());
        }
        return new RunFilterExpression.Field(RunFilterExpression.Scope.RUN, text);
    }

    private RunFilterExpression.Field named(String scope, String name, RunFilterLexer.Token at) {
        if (name.isEmpty() || name.length() > 128) {
            throw errorAt(at, "a metric or parameter name has 1 to 128 characters");
        }
        return switch (scope) {
            case "metrics" -> new RunFilterExpression.Field(RunFilterExpression.Scope.METRIC, name);
            case "params" -> {
                if (!parameterNames.contains(name)) {
                    throw errorAt(at, "unknown parameter '" + name + "'; pipelines declare "
                            + parameterNames.stream().sorted().toList());
                }
                yield new RunFilterExpression.Field(RunFilterExpression.Scope.PARAMETER, name);
            }
            case "labels" -> new RunFilterExpression.Field(RunFilterExpression.Scope.LABEL, name);
            default -> throw errorAt(at, "unknown field '" + scope + "." + name + "'");
        };
    }

    private boolean keyword(String word) {
        RunFilterLexer.Token token = peek();
        if (token.kind() == RunFilterLexer.Kind.WORD && token.text().equals(word)) {
            position++;
            return true;
        }
        return false;
    }

    private static boolean isKeyword(RunFilterLexer.Token token) {
        return Set.of("AND", "OR", "NOT").contains(token.text().toUpperCase(Locale.ROOT))
                && token.text().equals(token.text().toUpperCase(Locale.ROOT));
    }

    private RunFilterLexer.Token peek() {
        return tokens.get(Math.min(position, tokens.size() - 1));
    }

    private RunFilterException error(String message) {
        return errorAt(peek(), message);
    }

    private static RunFilterException errorAt(RunFilterLexer.Token token, String message) {
        String found = token.kind() == RunFilterLexer.Kind.END ? "the end" : "'" + token.text() + "'";
        return new RunFilterException("at position " + (token.offset() + 1) + " (" + found + "): " + message);
    }
}
