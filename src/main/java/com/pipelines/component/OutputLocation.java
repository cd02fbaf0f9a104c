package com.pipelines.component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.pipelines.artifacts.ArtifactStorage;

/** A place a component writes to, as a pipeline engine names it: a local path or a {@code gs://} uri. */
final class OutputLocation {

    private OutputLocation() {
    }

    static void write(String location, byte[] content, ArtifactStorage storage) throws IOException {
        if (ArtifactStorage.isObjectUri(location)) {
            storage.putBytes(content, location);
            return;
        }
        Path path = Path.of(location).toAbsolutePath();
        Files.createDirectories(path.getParent());
        Files.write(path, content);
    }
}
