package com.pipelines.runs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.pipelines.PipelinesProperties;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on run submission, as the IETF httpapi draft says: the same key and body again → the
 * original response; the same key with another body → 422; a retry while the first is still in flight → 409. The
 * key is claimed by inserting its row (the primary key decides between concurrent duplicates), with the run id chosen
 * up front: if the service died after creating the run but before storing the response, a retry finds the run and
 * answers for it; if it died before creating it, a retry after {@link #ABANDONED} takes the key over.
 */
@Service
class IdempotentSubmissions {

    static final String HEADER = "Idempotency-Key";
    static final Duration ABANDONED = Duration.ofSeconds(30);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    record Outcome(int status, String body, UUID runId, boolean replayed) {
    }

    private final IdempotencyRecordRepository records;
    private final PipelineRunRepository runs;
    private final RunService service;
    private final TransactionTemplate transaction;
    private final PipelinesProperties properties;
    private final Clock clock;

    IdempotentSubmissions(IdempotencyRecordRepository records, PipelineRunRepository runs, RunService service,
                          TransactionTemplate transaction, PipelinesProperties properties, Clock clock) {
        this.records = records;
        this.runs = runs;
        this.service = service;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    /** Submits once per key; {@code render} turns the created run into the response body. */
    Outcome submit(String key, CreateRunCommand command, Function<UUID, String> render) {
        if (!KEY.matcher(key).matches()) {
            throw RunException.invalidField(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String hash = hash(command);
        for (int tries = 0; tries < 3; tries++) {
            Instant now = clock.instant();
            UUID runId = UUID.randomUUID();
            Optional<IdempotencyRecord> existing = claim(key, hash, runId, now);
            if (existing.isEmpty()) {
                return create(key, command, runId, render);
            }
            IdempotencyRecord record = existing.get();
            if (record.expireTime().isBefore(now)) {
                release(key);
                continue;
            }
            if (!record.requestHash().equals(hash)) {
                throw RunException.idempotencyKeyReused(key);
            }
            if (record.isDone()) {
                return new Outcome(record.responseStatus(), record.responseBody(), record.runId(), true);
            }
            if (runs.existsById(record.runId())) {
                String body = render.apply(record.runId());
                finish(key, 202, body);
                return new Outcome(202, body, record.runId(), true);
            }
            if (record.createTime().isBefore(now.minus(ABANDONED))) {
                release(key);
                continue;
            }
            throw RunException.idempotencyKeyInFlight(key);
        }
        throw RunException.idempotencyKeyInFlight(key);
    }

    private Outcome create(String key, CreateRunCommand command, UUID runId, Function<UUID, String> render) {
        try {
            service.create(command, runId);
        } catch (RuntimeException refused) {
            release(key);
            throw refused;
        }
        String body = render.apply(runId);
        finish(key, 202, body);
        return new Outcome(202, body, runId, false);
    }

    private Optional<IdempotencyRecord> claim(String key, String hash, UUID runId, Instant now) {
        try {
            transaction.executeWithoutResult(status -> records.saveAndFlush(
                    new IdempotencyRecord(key, hash, runId, now, now.plus(properties.idempotencyKeyTtl()))));
            return Optional.empty();
        } catch (DataIntegrityViolationException taken) {
            return records.findById(key).or(() -> claim(key, hash, runId, now));
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

    private static String hash(CreateRunCommand command) {
        try {
            byte[] canonical = CANONICAL.writeValueAsString(command).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
