package com.pipelines.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.pipelines.PipelinesProperties;
import com.pipelines.Sha256;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on create requests (run submission), as the IETF httpapi draft says: the same key and
 * body again → the original response; the same key with another body → 422; a retry while the first is still in
 * flight → 409. The key is claimed by inserting its row (the primary key decides between concurrent duplicates),
 * with the resource's id chosen up front: if the service died after creating it but before storing the response, a
 * retry finds it and answers for it; if it died before creating it, a retry after {@link #ABANDONED} takes the key
 * over.
 */
@Service
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    static final Duration ABANDONED = Duration.ofSeconds(30);
    static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final IdempotencyRecordRepository records;
    private final TransactionTemplate transaction;
    private final PipelinesProperties properties;
    private final Clock clock;

    IdempotentRequests(IdempotencyRecordRepository records, TransactionTemplate transaction,
                       PipelinesProperties properties, Clock clock) {
        this.records = records;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    /** Creates once per key, answering {@code status} with the rendered resource; {@code request} is its body. */
    public IdempotentResponse submit(String key, Object request, int status, IdempotentResource resource) {
        if (!KEY.matcher(key).matches()) {
            throw IdempotencyException.malformed();
        }
        String hash = hash(request);
        for (int tries = 0; tries < 3; tries++) {
            Instant now = clock.instant();
            UUID id = UUID.randomUUID();
            Optional<IdempotencyRecord> existing = claim(key, hash, id, now);
            if (existing.isEmpty()) {
                return create(key, status, id, resource);
            }
            IdempotencyRecord record = existing.get();
            if (record.expireTime().isBefore(now)) {
                release(key);
                continue;
            }
            if (!record.requestHash().equals(hash)) {
                throw IdempotencyException.reused(key);
            }
            if (record.isDone()) {
                return new IdempotentResponse(record.responseStatus(), record.responseBody(), record.resourceId(),
                        true);
            }
            if (resource.exists(record.resourceId())) {
                String body = resource.render(record.resourceId());
                finish(key, status, body);
                return new IdempotentResponse(status, body, record.resourceId(), true);
            }
            if (record.createTime().isBefore(now.minus(ABANDONED))) {
                release(key);
                continue;
            }
            throw IdempotencyException.inFlight(key);
        }
        throw IdempotencyException.inFlight(key);
    }

    private IdempotentResponse create(String key, int status, UUID id, IdempotentResource resource) {
        try {
            resource.create(id);
        } catch (RuntimeException refused) {
            release(key);
            throw refused;
        }
        String body = resource.render(id);
        finish(key, status, body);
        return new IdempotentResponse(status, body, id, false);
    }

    private Optional<IdempotencyRecord> claim(String key, String hash, UUID id, Instant now) {
        try {
            transaction.executeWithoutResult(status -> records.saveAndFlush(
                    new IdempotencyRecord(key, hash, id, now, now.plus(properties.idempotencyKeyTtl()))));
            return Optional.empty();
        } catch (DataIntegrityViolationException taken) {
            return records.findById(key).or(() -> claim(key, hash, id, now));
        }
    }

    private void finish(String key, int status, String body) {
        transaction.executeWithoutResult(s -> records.findById(key).ifPresent(r -> r.done(status, body)));
    }

    private void release(String key) {
        transaction.executeWithoutResult(s -> records.findById(key).ifPresent(records::delete));
    }

    /** Deletes expired keys; run hourly. */
    int purgeExpired() {
        return transaction.execute(s -> records.deleteExpired(clock.instant()));
    }

    private static String hash(Object request) {
        return Sha256.hex(CANONICAL.writeValueAsString(request));
    }
}
