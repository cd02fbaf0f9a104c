package com.pipelines.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A zip read defensively: entry names are normalised and an entry that would escape its folder ({@code ../},
 * absolute paths, drive letters) is refused; the number of entries is bounded before reading, and the bytes
 * inflated are counted while inflating — per entry against its compressed size × the allowed ratio, and in total —
 * so a decompression bomb is refused whatever its headers claim.
 */
final class SafeZip implements AutoCloseable {

    private final ZipFile zip;
    private final DatasetsProperties limits;
    private final AtomicLong inflated = new AtomicLong();

    private SafeZip(ZipFile zip, DatasetsProperties limits) {
        this.zip = zip;
        this.limits = limits;
    }

    static SafeZip open(Path file, DatasetsProperties limits) {
        try {
            SafeZip safe = new SafeZip(new ZipFile(file.toFile()), limits);
            if (safe.zip.size() > limits.maxZipEntries()) {
                safe.close();
                throw DatasetException.invalid("file", "The zip has " + safe.zip.size() + " entries, more than "
                        + "pipelines.datasets.max-zip-entries (" + limits.maxZipEntries() + ")");
            }
            return safe;
        } catch (ZipException e) {
            throw DatasetException.invalid("file", "The upload is not a readable zip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw DatasetException.invalid("file", "The zip cannot be read: " + e.getMessage());
        }
    }

    /** The file entries (folders left out) with their checked names, in the zip's order. */
    List<Entry> files() {
        List<Entry> files = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = checkedName(entry.getName());
            if (!entry.isDirectory()) {
                files.add(new Entry(name, entry));
            }
        }
        return files;
    }

    /** An entry's bytes, inflated under the ratio and total bounds. */
    byte[] read(Entry entry) {
        long compressed = Math.max(entry.zipEntry().getCompressedSize(), 1);
        long perEntry = Math.max(compressed * limits.maxCompressionRatio(), 1 << 20);
        try (InputStream in = zip.getInputStream(entry.zipEntry())) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(
                    (int) Math.min(Math.max(entry.zipEntry().getSize(), 1024), 1 << 20));
            byte[] buffer = new byte[8192];
            long read = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                read += n;
                if (read > perEntry || read > Integer.MAX_VALUE - 8) {
                    throw DatasetException.invalid("file", "Zip entry " + entry.name() + " inflates past "
                            + limits.maxCompressionRatio() + " times its compressed size: refused as a "
                            + "decompression bomb (pipelines.datasets.max-compression-ratio)");
                }
                if (inflated.addAndGet(n) > limits.maxUnzippedSize().toBytes()) {
                    throw DatasetException.invalid("file", "The zip inflates past "
                            + limits.maxUnzippedSize().toBytes() + " bytes in total: refused as a decompression "
                            + "bomb (pipelines.datasets.max-unzipped-size)");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException e) {
            throw DatasetException.invalid("file", "Zip entry " + entry.name() + " is corrupt (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw DatasetException.invalid("file", "Zip entry " + entry.name() + " cannot be read: " + e.getMessage());
        }
    }

    static String checkedName(String raw) {
        String name = raw.replace('\\', '/');
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || name.indexOf('\0') >= 0) {
            throw DatasetException.invalid("file", "Zip entry '" + raw + "' has an absolute path: refused");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw DatasetException.invalid("file", "Zip entry '" + raw + "' escapes its folder: refused");
            }
        }
        return name;
    }

    record Entry(String name, ZipEntry zipEntry) {
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
