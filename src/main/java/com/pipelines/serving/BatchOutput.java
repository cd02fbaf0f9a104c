package com.pipelines.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

import com.pipelines.artifacts.ArtifactStorage;
import com.pipelines.artifacts.ArtifactStore;

/**
 * A batch job's output prefix: each file is written whole under its name — a temporary file renamed into place in a
 * folder, one object in a bucket — so a file is either absent or complete, and writing it again replaces it.
 */
final class BatchOutput {

    private final ArtifactStorage storage;
    private final String prefix;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

    BatchOutput(ArtifactStorage storage, String prefix) {
        this.storage = storage;
        this.prefix = prefix;
    }

    void publish(String name, List<byte[]> content) throws IOException {
        if (ArtifactStorage.isObjectUri(prefix)) {
            Path temp = Files.createTempFile("batch-", ".jsonl");
            try {
                write(temp, content);
                storage.put(temp, prefix.replaceAll("/+$", "") + "/" + name);
            } finally {
                Files.deleteIfExists(temp);
            }
            return;
        }
        Path folder = ArtifactStore.localPath(prefix);
        Files.createDirectories(folder);
        Path temp = folder.resolve("." + name + ".tmp-" + UUID.randomUUID());
        try {
            write(temp, content);
            Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new UncheckedIOException("Cannot write " + name + " to " + prefix, e);
        }
    }

    /** Through one native buffer: a stream would allocate and copy each part's whole size (tens of MB) again. */
    private void write(Path file, List<byte[]> content) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (byte[] part : content) {
                for (int offset = 0; offset < part.length; offset += buffer.capacity()) {
                    buffer.clear();
                    buffer.put(part, offset, Math.min(buffer.capacity(), part.length - offset)).flip();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
            }
        }
    }
}
