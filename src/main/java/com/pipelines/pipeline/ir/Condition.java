package com.pipelines.pipeline.ir;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A task's {@code triggerPolicy.condition}: the subset of CEL that kfp emits for {@code dsl.If/Elif/Else} —
 * {@code inputs.parameter_values['name']}, the casts {@code int() double() string() bool()}, literals (numbers,
 * quoted strings, {@code true false null}), {@code == != < <= > >=}, {@code && || !} and parentheses. Parsed once at
 * upload (anything else is refused with its position), evaluated against the task's resolved inputs.
 */
public final class Condition {

    private final String text;
    private final Node root;

    private Condition(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /** Bounds on a condition's text, nesting and operators, checked before and while parsing (never a deep stack). */
    public static final int MAX_LENGTH = 10_000;
    public static final int MAX_DEPTH = 50;
    public static final int MAX_OPERATORS = 500;

    public static Condition parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new TooLarge("is " + text.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        Parser parser = new Parser(text);
        Node node = parser.or();
        parser.skipSpace();
        if (parser.pos < text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.pos) + "'");
        }
        return new Condition(text, node);
    }

    public String text() {
        return text;
    }

    /** The input parameters the condition reads. */
    public Set<String> inputs() {
        Set<String> names = new TreeSet<>();
        root.collect(names);
        return names;
    }

    /** True or false over the task's input values; an operand of the wrong kind is an {@link IllegalArgumentException}. */
    public boolean test(Map<String, Object> inputs) {
        Object value;
        try {
            value = root.eval(inputs);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException("cannot be evaluated: " + e, e);
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("condition " + text + " is not true or false but " + value);
    }

    /** A condition past one of the bounds (length, nesting, operators): refused before it can exhaust the stack. */
    public static final class TooLarge extends IllegalArgumentException {
        TooLarge(String message) {
            super(message);
        }
    }

    /** A position-carrying parse error. */
    public static final class SyntaxError extends IllegalArgumentException {
        SyntaxError(String message) {
            super(message);
        }
    }

    private interface Node {
        Object eval(Map<String, Object> inputs);

        default void collect(Set<String> names) {
        }
    }

    private record Literal(Object value) implements Node {
        public Object eval(Map<String, Object> inputs) {
            return value;
        }
    }

    private record Input(String name) implements Node {
        public Object eval(Map<String, Object> inputs) {
            if (!inputs.containsKey(name)) {
                throw new IllegalArgumentException("input " + name + " has no value");
            }
            return inputs.get(name);
        }

        public void collect(Set<String> names) {
            names.add(name);
        }
    }

    private record Not(Node operand) implements Node {
        public Object eval(Map<String, Object> inputs) {
            return !bool(operand.eval(inputs));
        }

        public void collect(Set<String> names) {
            operand.collect(names);
        }
    }

    private record Logical(String op, Node left, Node right) implements Node {
        public Object eval(Map<String, Object> inputs) {
            boolean l = bool(left.eval(inputs));
            if (op.equals("&&") ? !l : l) {
                return l;
            }
            return bool(right.eval(inputs));
        }

        public void collect(Set<String> names) {
            left.collect(names);
            right.collect(names);
        }
    }

    private record Cast(String type, Node operand) implements Node {
        public Object eval(Map<String, Object> inputs) {
            Object value = operand.eval(inputs);
            if (value == null) {
                throw new IllegalArgumentException(type + "(null): the value is null");
            }
            try {
                return switch (type) {
                    case "int" -> value instanceof Number n ? (Object) n.longValue() : Long.parseLong(value.toString().trim());
                    case "double" -> value instanceof Number n ? (Object) n.doubleValue()
                            : Double.parseDouble(value.toString().trim());
                    case "bool" -> value instanceof Boolean ? value : parseBool(value.toString());
                    default -> value instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : String.valueOf(value);
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(type + "(" + value + ") is not a number");
            }
        }

        public void collect(Set<String> names) {
            operand.collect(names);
        }
    }

    private record Compare(String op, Node left, Node right) implements Node {
        public Object eval(Map<String, Object> inputs) {
            Object l = left.eval(inputs);
            Object r = right.eval(inputs);
            if (op.equals("==") || op.equals("!=")) {
                boolean equal = l instanceof Number a && r instanceof Number b ? compareNumbers(a, b) == 0
                        : Objects.equals(l, r);
                return op.equals("==") == equal;
            }
            int c;
            if (l instanceof Number a && r instanceof Number b) {
                c = compareNumbers(a, b);
            } else if (l instanceof String a && r instanceof String b) {
                c = a.compareTo(b);
            } else {
                throw new IllegalArgumentException("cannot order " + l + " and " + r);
            }
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }

        public void collect(Set<String> names) {
            left.collect(names);
            right.collect(names);
        }
    }

    private static int compareNumbers(Number a, Number b) {
        return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(value + " is not true or false");
    }

    private static boolean parseBool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("bool(" + text + ") is not true or false");
    }

    private static final class Parser {
        private static final List<String> COMPARISONS = List.of("==", "!=", "<=", ">=", "<", ">");
        private static final String INPUT = "inputs.parameter_values[";
        private final String text;
        private int pos;
        private int depth;
        private int operators;

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw new TooLarge("nests deeper than " + MAX_DEPTH + " levels (parentheses, !, casts) at position "
                        + (pos + 1));
            }
        }

        private void operator() {
            if (++operators > MAX_OPERATORS) {
                throw new TooLarge("has more than " + MAX_OPERATORS + " operators");
            }
        }

        Parser(String text) {
            this.text = text;
        }

        Node or() {
            Node left = and();
            while (accept("||")) {
                operator();
                left = new Logical("||", left, and());
            }
            return left;
        }

        Node and() {
            Node left = unary();
            while (accept("&&")) {
                operator();
                left = new Logical("&&", left, unary());
            }
            return left;
        }

        Node unary() {
            skipSpace();
            if (peek("!") && !peek("!=")) {
                pos++;
                enter();
                Node negated = new Not(unary());
                depth--;
                return negated;
            }
            Node left = primary();
            for (String op : COMPARISONS) {
                if (accept(op)) {
                    operator();
                    return new Compare(op, left, primary());
                }
            }
            return left;
        }

        Node primary() {
            skipSpace();
            if (accept("(")) {
                enter();
                Node inner = or();
                expect(")");
                depth--;
                return inner;
            }
            if (accept(INPUT)) {
                skipSpace();
                String name = string();
                expect("]");
                return new Input(name);
            }
            for (String cast : List.of("int", "double", "string", "bool")) {
                if (peek(cast + "(")) {
                    pos += cast.length() + 1;
                    enter();
                    Node operand = or();
                    expect(")");
                    depth--;
                    return new Cast(cast, operand);
                }
            }
            if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
                return new Literal(string());
            }
            for (String word : List.of("true", "false", "null")) {
                if (peek(word) && !identifierAt(pos + word.length())) {
                    pos += word.length();
                    return new Literal(word.equals("null") ? null : Boolean.valueOf(word));
                }
            }
            return number();
        }

        private Node number() {
            int start = pos;
            if (pos < text.length() && text.charAt(pos) == '-') {
                pos++;
            }
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || ".eE+-".indexOf(text.charAt(pos)) >= 0
                    && pos > start)) {
                pos++;
            }
            String literal = text.substring(start, pos);
            try {
                return new Literal(literal.matches("-?\\d+") ? (Object) Long.parseLong(literal) : Double.parseDouble(literal));
            } catch (NumberFormatException e) {
                pos = start;
                throw error("expected a value, an input or '('");
            }
        }

        private String string() {
            if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
                throw error("expected a quoted string");
            }
            char quote = text.charAt(pos++);
            StringBuilder out = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != quote) {
                char c = text.charAt(pos++);
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                out.append(c);
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            pos++;
            return out.toString();
        }

        private boolean identifierAt(int at) {
            return at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_');
        }

        private boolean peek(String token) {
            return text.startsWith(token, pos);
        }

        private boolean accept(String token) {
            skipSpace();
            if (peek(token)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw error("expected '" + token + "'");
            }
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        SyntaxError error(String message) {
            return new SyntaxError(message + " at position " + (pos + 1) + " of the condition");
        }
    }
}
