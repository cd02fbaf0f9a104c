package com.pipelines.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.pipelines.testing.DatabaseTest;
import com.pipelines.testing.PostgresTestDatabase;
import com.pipelines.testing.ServiceProcess;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A replica killed (SIGKILL) in the middle of a retention pass: at that instant every run still listed has all of its
 * files, and the next replica's pass finishes what the killed one left — every run out of the rule deleted, rows and
 * folders, no pending deletion left. Two JVMs on one PostgreSQL (the PostgreSQL pass only). The finished runs are
 * written straight into the database with their folders, as thousands of real runs would take minutes to make.
 */
@DatabaseTest
class RetentionCrashTest {

    private static final int RUNS = 400;
    private static final int KEEP = 10;
    private static final int FILES = 40;
    private static final String[] RETENTION = {"--pipelines.retention.keep-last=" + KEEP,
            "--pipelines.retention.interval=1s", "--pipelines.retention.batch-size=10000"};

    @TempDir
    Path dataDir;

    @Test
    void aReplicaKilledMidPassLeavesEveryListedRunWholeAndTheNextPassFinishesTheRest() throws Exception {
        String url = PostgresTestDatabase.createSharedDatabase();
        String user = System.getProperty("spring.datasource.username");
        Flyway.configure().dataSource(url, user, "")
                .locations("classpath:db/migration/postgresql", "classpath:db/migration/common").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, user, ""));
        Path pipelineFolder = dataDir.resolve("pipeline_root").resolve("retained");
        List<UUID> oldestFirst = seed(jdbc, pipelineFolder);

        ServiceProcess first = ServiceProcess.start("first", dataDir, url, RETENTION);
        int left;
        try {
            first.awaitReady();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            do {
                Thread.sleep(10);
                left = runsLeft(jdbc);
            } while (left > RUNS - 50 && System.nanoTime() < deadline);
        } finally {
            first.kill();
        }
        left = runsLeft(jdbc);
        assertThat(left).as("killed in the middle of its pass").isGreaterThan(KEEP).isLessThan(RUNS);
        Set<UUID> listed = new HashSet<>(jdbc.queryForList("select id from pipeline_run", UUID.class));
        for (UUID run : listed) {
            assertThat(filesOf(pipelineFolder.resolve(run.toString())))
                    .as("a run still listed keeps every file").isEqualTo(FILES);
        }
        Set<UUID> pending = new HashSet<>(jdbc.queryForList("select run_id from pending_deletion", UUID.class));
        for (UUID gone : oldestFirst) {
            if (!listed.contains(gone) && filesOf(pipelineFolder.resolve(gone.toString())) > 0) {
                assertThat(pending).as("a deleted run's folder still on disk is recorded for the next pass")
                        .contains(gone);
            }
        }

        try (ServiceProcess second = ServiceProcess.start("second", dataDir, url, RETENTION).awaitReady()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while ((runsLeft(jdbc) > KEEP || pending(jdbc) > 0) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        assertThat(pending(jdbc)).as("no deletion left pending").isZero();
        List<UUID> newest = oldestFirst.subList(RUNS - KEEP, RUNS);
        assertThat(jdbc.queryForList("select id from pipeline_run", UUID.class))
                .containsExactlyInAnyOrderElementsOf(newest);
        Set<String> onDisk = new HashSet<>();
        try (Stream<Path> folders = Files.list(pipelineFolder)) {
            folders.forEach(folder -> onDisk.add(folder.getFileName().toString()));
        }
        assertThat(onDisk).as("only the kept runs' folders").containsExactlyInAnyOrderElementsOf(
                newest.stream().map(UUID::toString).toList());
        for (UUID kept : newest) {
            assertThat(filesOf(pipelineFolder.resolve(kept.toString()))).isEqualTo(FILES);
        }
    }

    /** RUNS finished runs a second apart, each with a task folder of FILES files; returns their ids, oldest first. */
    private static List<UUID> seed(JdbcTemplate jdbc, Path pipelineFolder) throws Exception {
        List<UUID> ids = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        Instant start = Instant.now().minus(Duration.ofDays(1));
        for (int i = 0; i < RUNS; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            Timestamp created = Timestamp.from(start.plusSeconds(i));
            rows.add(new Object[] {id, "job-" + id, "run " + i, created, created, created});
            Path task = Files.createDirectories(pipelineFolder.resolve(id.toString()).resolve("train"));
            for (int f = 0; f < FILES; f++) {
                Files.writeString(task.resolve("part-" + f), "bytes of run " + i);
            }
        }
        jdbc.batchUpdate("insert into pipeline_run (id, job_id, pipeline_name, display_name, parameter_values, "
                + "enable_caching, state, create_time, end_time, update_time, version) "
                + "values (?, ?, 'retained', ?, '{}', false, 'SUCCEEDED', ?, ?, ?, 0)", rows);
        return ids;
    }

    private static long filesOf(Path runFolder) throws Exception {
        if (!Files.isDirectory(runFolder)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(runFolder)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static int runsLeft(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from pipeline_run", Integer.class);
    }

    private static int pending(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from pending_deletion", Integer.class);
    }
}
