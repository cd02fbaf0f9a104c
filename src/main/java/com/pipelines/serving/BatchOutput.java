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

    /** A file's bytes, given piece by piece. */
    interface Content {
        void writeTo(Sink sink) throws IOException;
    }

    /** Takes a file's pieces in order. */
    interface Sink {
        void put(byte[] bytes, int offset, int length) throws IOException;
    }

    void publish(String name, List<byte[]> content) throws IOException {
        publish(name, sink -> {
            for (byte[] part : content) {
                sink.put(part, 0, part.length);
            }
        });
    }

    void publish(String name, Content content) throws IOException {
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

    /**
     * Each piece copied once, into one native buffer written out whenever it fills: a stream, or a heap buffer given to
     * the channel, would copy every piece again.
     */
    private void write(Path file, Content content) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            buffer.clear();
            content.writeTo((bytes, offset, length) -> {
                while (length > 0) {
                    if (!buffer.hasRemaining()) {
                        drain(out);
                    }
                    int n = Math.min(length, buffer.remaining());
                    buffer.put(bytes, offset, n);
                    offset += n;
                    length -= n;
                }
            });
            drain(out);
        }
    }

    private void drain(FileChannel out) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }
}
