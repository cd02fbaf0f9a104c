package com.pipelines.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An S3 multipart upload of a large file: each part is streamed from its offset of the file (a retry of a part
 * re-reads it from disk), so no part, let alone the object, is held in memory; a failure aborts the upload so that
 * no invisible parts are left to bill.
 */
final class MultipartUpload {

    private MultipartUpload() {
    }

    static Void put(S3Client client, ObjectLocation object, Path file, long size, long partSize) {
        String uploadId = client.createMultipartUpload(b -> b.bucket(object.bucket()).key(object.key())).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0, number = 1; offset < size; offset += partSize, number++) {
                long length = Math.min(partSize, size - offset);
                int partNumber = (int) number;
                long from = offset;
                String etag = client.uploadPart(b -> b.bucket(object.bucket()).key(object.key()).uploadId(uploadId)
                                .partNumber(partNumber).contentLength(length),
                        RequestBody.fromContentProvider(() -> slice(file, from, length), length,
                                "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(object.bucket()).key(object.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return null;
        } catch (RuntimeException e) {
            try {
                client.abortMultipartUpload(b -> b.bucket(object.bucket()).key(object.key()).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** {@code length} bytes of the file from {@code offset}, as a stream. */
    private static InputStream slice(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file);
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            return new InputStream() {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = in.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = in.read(buffer, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
