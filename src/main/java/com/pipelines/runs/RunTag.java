package com.pipelines.runs;

/** What a run's ETag is made of: its entity version and the revision of everything below it. */
record RunTag(long version, long revision) {

    String etag() {
        return "\"" + version + "." + revision + "\"";
    }
}
