package com.pipelines.datasets;

import java.util.Locale;

/** Which part of a dataset an example belongs to; stored as one byte per row. */
public enum Split {
    TRAIN, VALIDATION, TEST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Split ofByte(byte value) {
        return values()[value];
    }

    /** Vertex AI's {@code aiplatform.googleapis.com/ml_use} values. */
    static Split ofMlUse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "training", "train" -> TRAIN;
            case "validation" -> VALIDATION;
            case "test" -> TEST;
            default -> null;
        };
    }

    public static Split ofId(String id) {
        for (Split split : values()) {
            if (split.id().equals(id)) {
                return split;
            }
        }
        return null;
    }
}
