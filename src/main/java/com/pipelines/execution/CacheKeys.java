package com.pipelines.execution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.pipelines.Sha256;
import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.pipeline.PipelineStep;
import com.pipelines.runs.TaskStart;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task's cache key, like KFP v2's: SHA-256 over canonical JSON of the pipeline name, the task name, the step's
 * version, the values of the parameters the step reads (sorted by name), the content digests of its input
 * artifacts (a folder's digest covers every file's relative path and bytes) and of the data it reads from outside
 * the run (a dataset's files).
 */
@Component
class CacheKeys {

    private final JsonMapper json;
    private final ArtifactStorage storage;

    CacheKeys(JsonMapper json, ArtifactStorage storage) {
        this.json = json;
        this.storage = storage;
    }

    String of(PipelineStep step, TaskStart start) throws Exception {
        if (start.cacheKey() != null) {
            // kfp's cachingOptions.cacheKey: the spec's own key replaces the computed one (within the pipeline).
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put("pipeline", start.pipelineName());
            custom.put("task", start.task());
            custom.put("cacheKey", start.cacheKey());
            return Sha256.hex(json.writeValueAsString(custom).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> parameters = new TreeMap<>();
        List<String> read = step.parameters();
        start.parameters().forEach((name, value) -> {
            if (read.isEmpty() || read.contains(name)) {
                parameters.put(name, value);
            }
        });
        Map<String, String> inputs = new TreeMap<>();
        start.inputArtifacts().forEach((name, artifact) -> inputs.put(name, digest(artifact.uri())));
        start.inputArtifactLists().forEach((name, list) -> inputs.put(name, String.join(",",
                list.stream().map(artifact -> digest(artifact.uri())).toList())));
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("pipeline", start.pipelineName());
        canonical.put("task", start.task());
        canonical.put("version", step.version());
        canonical.put("parameters", parameters);
        canonical.put("inputs", inputs);
        Map<String, String> data = new TreeMap<>(step.dataDigests(start.parameters()));
        if (!data.isEmpty()) {
            canonical.put("data", data);
        }
        return Sha256.hex(json.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
    }

    /** A local artifact's bytes; an object-store one's versions and checksums as its store gives them (no bytes). */
    private String digest(String uri) {
        if (ArtifactStorage.isObjectUri(uri)) {
            return storage.fingerprint(uri);
        }
        if (uri == null || !uri.startsWith("file:")) {
            return "uri:" + uri;
        }
        Path root = ArtifactStore.localPath(uri);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    sha.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                    try (InputStream in = Files.newInputStream(file)) {
                        byte[] buffer = new byte[1 << 16];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            sha.update(buffer, 0, n);
                        }
                    }
                }
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read input artifact " + uri, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
