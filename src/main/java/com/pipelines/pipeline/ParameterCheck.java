package com.pipelines.pipeline;

/**
 * A check of one run parameter that needs the service's state rather than its declaration — e.g. that the named
 * dataset is registered. Features declare them as beans; the built-in pipelines apply them when a run is created.
 */
public interface ParameterCheck {

    /** The parameter checked. */
    String parameter();

    /** Why {@code value} is refused, or null when it is fine. */
    String violation(Object value);
}
