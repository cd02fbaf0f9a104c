package com.pipelines.runs;

/** Names of the tasks of a loop's iterations: {@code train[0]}, {@code condition-3[1]}, … */
final class Iterations {

    private Iterations() {
    }

    /** The pipeline task a row runs: {@code train[2]} → {@code train}. */
    static String base(String name) {
        int at = name.indexOf('[');
        return at < 0 ? name : name.substring(0, at);
    }

    /** The iteration part of a row's name ({@code [2]}), empty outside loops. */
    static String suffix(String name) {
        int at = name.indexOf('[');
        return at < 0 ? "" : name.substring(at);
    }

    /** The iteration of a row, -1 outside loops. */
    static int index(String name) {
        String suffix = suffix(name);
        return suffix.isEmpty() ? -1 : Integer.parseInt(suffix.substring(1, suffix.length() - 1));
    }

    static String name(String base, int iteration) {
        return base + "[" + iteration + "]";
    }
}
