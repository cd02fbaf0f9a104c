package com.pipelines.runs;

import java.util.UUID;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The serialized JSON of recently read runs, keyed by run and ETag. Dashboards poll a running run many times per
 * change (progress is written every 0.5 s at most): after the one primary-key read that yields the current ETag,
 * a poll is answered with the bytes rendered for that ETag instead of five queries and a serialization. An entry
 * is only ever served for the ETag it was rendered under, so a change is never hidden.
 */
@Component
class RunViewCache {

    private static final int MAX_RUNS = 2000;

    private record Entry(String etag, byte[] json) {
    }

    private final Cache<UUID, Entry> entries = Caffeine.newBuilder().maximumSize(MAX_RUNS).build();
    private final JsonMapper json;

    RunViewCache(JsonMapper json) {
        this.json = json;
    }

    /** The run's JSON for {@code etag}: from the cache, or rendered now (and kept if still current). */
    byte[] json(UUID id, String etag, Supplier<RunQueries.Tagged> render) {
        Entry entry = entries.getIfPresent(id);
        if (entry != null && entry.etag().equals(etag)) {
            return entry.json();
        }
        RunQueries.Tagged tagged = render.get();
        byte[] bytes = json.writeValueAsBytes(tagged.run());
        entries.put(id, new Entry(tagged.etag(), bytes));
        return bytes;
    }
}
