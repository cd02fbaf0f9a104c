package com.pipelines.idempotency;

import java.util.UUID;

/** What an idempotent create request makes: created under an id chosen up front, found again, rendered. */
public interface IdempotentResource {

    /** Creates the resource with this id; a refusal (an exception) releases the key. */
    void create(UUID id);

    /** Whether a resource with this id was created (by an attempt that died before storing its response). */
    boolean exists(UUID id);

    /** The body of the response that answers for the resource. */
    String render(UUID id);
}
