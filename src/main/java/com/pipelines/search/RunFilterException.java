package com.pipelines.search;

/** A filter or orderBy that does not parse; the message says where and why. */
class RunFilterException extends RuntimeException {

    RunFilterException(String message) {
        super(message);
    }
}
