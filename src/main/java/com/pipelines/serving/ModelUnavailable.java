package com.pipelines.serving;

/** A model that cannot answer now: its SavedModel cannot be loaded, its worker failed, or it answered too late. */
final class ModelUnavailable extends RuntimeException {

    ModelUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        String text = first.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + first;
        return text.length() > 300 ? text.substring(0, 300) : text;
    }
}
