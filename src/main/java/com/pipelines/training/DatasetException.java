package com.pipelines.training;

import java.io.IOException;

/** A dataset that is missing, corrupt or inconsistent; the message says which file and what is wrong. */
class DatasetException extends IOException {

    DatasetException(String message) {
        super(message);
    }

    DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
