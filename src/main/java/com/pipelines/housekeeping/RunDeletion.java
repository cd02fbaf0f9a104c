package com.pipelines.housekeeping;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.deploy.ModelRegistry;
import com.pipelines.deploy.RegisteredModel;
import com.pipelines.runs.RunState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a finished run: its rows (tasks, metrics, logs, artifacts, parameters, labels, state history and so its
 * cache entries, which are its tasks), the model versions it registered, its dataset usage and webhook deliveries,
 * then its files on disk and in the bucket. Refused while it runs, while a model version it registered is deployed
 * or carries an alias (the version and its files stay useful; the caller moves them first), and while another run
 * reuses its outputs through the cache. Rows go first, in one transaction that also records the folders to delete;
 * the folders go after, so a crash in between leaves pending deletions that {@link #finishPending} completes — never
 * a run that shows an artifact already deleted.
 */
@Service
public class RunDeletion {

    private static final Logger log = LoggerFactory.getLogger(RunDeletion.class);

    /** What happened to one run: deleted (with the bytes its files held), or refused and why. */
    public record Outcome(UUID runId, boolean deleted, String reason, long bytes) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ModelRegistry registry;
    private final ArtifactStore store;
    private final ArtifactStorage storage;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter bytesDeleted;

    RunDeletion(JdbcTemplate jdbc, TransactionTemplate transaction, ModelRegistry registry, ArtifactStore store,
                ArtifactStorage storage, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.registry = registry;
        this.store = store;
        this.storage = storage;
        this.clock = clock;
        this.meters = meters;
        this.bytesDeleted = Counter.builder("pipelines.retention.bytes.deleted")
                .description("Bytes of deleted runs' files removed from disk and buckets").register(meters);
    }

    /** Deletes the run, or says why not; {@code reason} tags the counter (request, batch, retention). */
    public Outcome delete(UUID runId, String reason) {
        Optional<String> refused = transaction.execute(status -> deleteRows(runId));
        if (refused.isPresent()) {
            return new Outcome(runId, false, refused.get(), 0);
        }
        Counter.builder("pipelines.retention.runs.deleted").description("Runs deleted, by why")
                .tag("reason", reason).register(meters).increment();
        return new Outcome(runId, true, null, finishPending(runId));
    }

    private Optional<String> deleteRows(UUID runId) {
        List<Map<String, Object>> rows = jdbc.queryForList("select state, pipeline_name, pipeline_root "
                + "from pipeline_run where id = ? for update", runId);
        if (rows.isEmpty()) {
            throw HousekeepingException.runNotFound(runId);
        }
        Map<String, Object> run = rows.get(0);
        String state = String.valueOf(run.get("state"));
        if (!RunState.valueOf(state).isTerminal()) {
            return Optional.of("the run is " + state + "; cancel it and wait for it to end first");
        }
        List<UUID> reusers = jdbc.queryForList("select distinct run_id from task_run where cached_from_run = ? "
                + "and run_id <> ?", UUID.class, runId, runId);
        if (!reusers.isEmpty()) {
            return Optional.of("run " + reusers.get(0) + " reuses its outputs through the cache; delete "
                    + (reusers.size() == 1 ? "it" : "those " + reusers.size() + " runs") + " first");
        }
        List<RegisteredModel> versions = registry.versionsFromRun(runId);
        for (RegisteredModel version : versions) {
            Optional<String> kept = registry.whyKept(version);
            if (kept.isPresent()) {
                return kept;
            }
        }
        Timestamp now = Timestamp.from(clock.instant());
        for (String folder : store.runFolders((String) run.get("pipeline_root"), (String) run.get("pipeline_name"),
                runId)) {
            jdbc.update("insert into pending_deletion (uri, run_id, create_time) values (?, ?, ?)", folder, runId,
                    now);
        }
        versions.forEach(registry::delete);
        jdbc.update("delete from dataset_usage where run_id = ?", runId);
        jdbc.update("delete from webhook_delivery where run_id = ?", runId);
        jdbc.update("delete from pipeline_run where id = ?", runId);
        return Optional.empty();
    }

    /** Removes the folders of a deleted run (or of every deleted run when null) still on disk or in a bucket. */
    public long finishPending(UUID runId) {
        List<Map<String, Object>> pending = runId == null
                ? jdbc.queryForList("select id, uri from pending_deletion order by id fetch first 1000 rows only")
                : jdbc.queryForList("select id, uri from pending_deletion where run_id = ? order by id", runId);
        long bytes = 0;
        List<Long> done = new ArrayList<>();
        for (Map<String, Object> row : pending) {
            String uri = (String) row.get("uri");
            try {
                bytes += storage.deleteFolder(uri);
                done.add(((Number) row.get("id")).longValue());
            } catch (RuntimeException e) {
                log.warn("Could not delete {} yet (the next retention pass tries again): {}", uri, e.toString());
            }
        }
        done.forEach(id -> jdbc.update("delete from pending_deletion where id = ?", id));
        bytesDeleted.increment(bytes);
        return bytes;
    }
}
