package com.pipelines.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.pipelines.PipelinesProperties;
import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.datasets.AllowedFolders;
import com.pipelines.datasets.DatasetsProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request-response logging to the store, as Vertex writes it to BigQuery: each batch of sampled predictions of an
 * endpoint becomes one JSONL object {@code <destination>/<endpoint>/<yyyy-MM-dd>/<HHmmssSSS>-<replica>-<n>.jsonl}
 * (a folder below the allowed roots, or an {@code s3://} / {@code gs://} prefix), one line per instance with what the
 * model received and answered. Whole days past {@code pipelines.monitoring.log-retention} are deleted.
 */
@Component
class PredictionLogExport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmssSSS").withZone(ZoneOffset.UTC);

    private final ArtifactStorage storage;
    private final JsonMapper json;
    private final Clock clock;
    private final AllowedFolders folders;
    private final String replica = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong written = new AtomicLong();

    PredictionLogExport(ArtifactStorage storage, JsonMapper json, Clock clock, PipelinesProperties properties,
                        DatasetsProperties datasets) {
        this.storage = storage;
        this.json = json;
        this.clock = clock;
        List<Path> roots = new ArrayList<>(List.of(properties.resolvedPipelineRoot()));
        roots.addAll(datasets.allowedRoots());
        this.folders = new AllowedFolders(roots);
    }

    /** The destination as stored (no trailing slash); 400 naming {@code field} unless it is one we may write to. */
    String checked(String destination, String field) {
        String trimmed = destination.replaceAll("/+$", "");
        try {
            if (ArtifactStorage.isObjectUri(trimmed)) {
                storage.list(trimmed + "/.probe");
                return trimmed;
            }
            if (!trimmed.startsWith("file:")) {
                throw ServingException.invalidMonitoring(field, "must be a file: folder or an s3:// or gs:// "
                        + "prefix");
            }
            folders.resolve(trimmed);
            return trimmed;
        } catch (ServingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw ServingException.invalidMonitoring(field, e.getMessage());
        } catch (RuntimeException e) {
            throw ServingException.invalidMonitoring(field, "the store refused it (" + e.getMessage() + ")");
        }
    }

    /** Writes one batch of one endpoint's sampled predictions as one object. */
    void write(String destination, String endpointId, List<PredictionLog.Entry> entries) {
        StringBuilder lines = new StringBuilder(entries.size() * 256);
        for (PredictionLog.Entry e : entries) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("endpoint", e.endpointId());
            line.put("deployedModelId", e.deployedModelId());
            line.put("model", e.modelId());
            line.put("loggingTime", Instant.ofEpochMilli(e.time()).toString());
            line.put("instance", e.instance());
            line.put("predictedClass", e.predicted());
            line.put("predictedLabel", e.predictedLabel());
            lines.append(json.writeValueAsString(line)).append('\n');
        }
        Instant now = clock.instant();
        String name = endpointId + "/" + LocalDate.ofInstant(now, ZoneOffset.UTC) + "/" + TIME.format(now) + "-"
                + replica + "-" + written.incrementAndGet() + ".jsonl";
        byte[] content = lines.toString().getBytes(StandardCharsets.UTF_8);
        if (ArtifactStorage.isObjectUri(destination)) {
            storage.putBytes(content, destination + "/" + name);
            return;
        }
        Path target = ArtifactStore.localPath(destination + "/" + name);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".partial-", ".jsonl");
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the prediction log to " + target, e);
        }
    }

    /** Deletes the endpoint's days wholly past the retention; returns how many objects or files went. */
    int purge(String destination, String endpointId, Duration retention) {
        LocalDate cutoff = LocalDate.ofInstant(clock.instant().minus(retention), ZoneOffset.UTC);
        String folder = destination + "/" + endpointId;
        int deleted = 0;
        if (ArtifactStorage.isObjectUri(destination)) {
            for (String uri : storage.list(folder)) {
                String day = uri.substring(folder.length() + 1).split("/")[0];
                if (before(day, cutoff)) {
                    storage.delete(uri);
                    deleted++;
                }
            }
            return deleted;
        }
        Path root = ArtifactStore.localPath(folder);
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> days = Files.list(root)) {
            for (Path day : days.filter(d -> before(d.getFileName().toString(), cutoff)).toList()) {
                try (Stream<Path> files = Files.list(day)) {
                    deleted += (int) files.count();
                }
                ArtifactStore.deleteRecursively(day);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot purge the prediction log in " + root, e);
        }
        return deleted;
    }

    private static boolean before(String day, LocalDate cutoff) {
        try {
            return LocalDate.parse(day).isBefore(cutoff);
        } catch (java.time.format.DateTimeParseException notADay) {
            return false;
        }
    }
}
