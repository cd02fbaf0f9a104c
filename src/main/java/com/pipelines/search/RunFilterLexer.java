package com.pipelines.search;

import java.util.ArrayList;
import java.util.List;

/** Splits a run filter into tokens; every token keeps its offset for error messages. */
final class RunFilterLexer {

    enum Kind { WORD, STRING, NUMBER, OPERATOR, LEFT, RIGHT, END }

    record Token(Kind kind, String text, int offset) {
    }

    private RunFilterLexer() {
    }

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(new Token(c == '(' ? Kind.LEFT : Kind.RIGHT, String.valueOf(c), i));
                i++;
            } else if (c == '"') {
                i = string(text, i, tokens);
            } else if ("=!<>:".indexOf(c) >= 0) {
                int start = i;
                i++;
                if (i < text.length() && text.charAt(i) == '=' && c != '=' && c != ':') {
                    i++;
                } else if (c == '!') {
                    throw new RunFilterException("at position " + (start + 1) + ": '!' must be followed by '='");
                }
                tokens.add(new Token(Kind.OPERATOR, text.substring(start, i), start));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < text.length()
                    && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '.'))) {
                int start = i++;
                while (i < text.length() && continuesNumber(text, i)) {
                    i++;
                }
                String number = text.substring(start, i);
                try {
                    double value = Double.parseDouble(number);
                    if (Double.isInfinite(value) || Double.isNaN(value)) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new RunFilterException("at position " + (start + 1) + ": '" + number + "' is not a number");
                }
                tokens.add(new Token(Kind.NUMBER, number, start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || "_.-".indexOf(text.charAt(i)) >= 0)) {
                    if (text.charAt(i) == '.' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        break;
                    }
                    i++;
                }
                String word = text.substring(start, i);
                if (i < text.length() && text.charAt(i) == '.') {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, word, start));
            } else {
                throw new RunFilterException("at position " + (i + 1) + ": unexpected character '" + c + "'");
            }
        }
        tokens.add(new Token(Kind.END, "", text.length()));
        return tokens;
    }

    /** Digits, '.', 'e'/'E', and a sign only right after the exponent's 'e'. */
    private static boolean continuesNumber(String text, int i) {
        char c = text.charAt(i);
        if (c == '+' || c == '-') {
            return "eE".indexOf(text.charAt(i - 1)) >= 0;
        }
        return Character.isDigit(c) || ".eE".indexOf(c) >= 0;
    }

    private static int string(String text, int start, List<Token> tokens) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                value.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '"') {
                tokens.add(new Token(Kind.STRING, value.toString(), start));
                return i + 1;
            } else {
                value.append(c);
                i++;
            }
        }
        throw new RunFilterException("at position " + (start + 1) + ": the quoted string is not closed");
    }
}
