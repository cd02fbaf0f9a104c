package com.pipelines.serving;

import java.io.IOException;
import java.util.Iterator;

/** A batch job's instances, one JSON value a line (UTF-8) in a fixed order, and how many there are. */
interface BatchSource extends Iterator<byte[]>, AutoCloseable {

    long count() throws IOException;

    @Override
    void close();
}
