package com.pipelines.serving;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import com.pipelines.artifacts.ArtifactStorage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The instances of a batch job, one per input line, numbered across its files in order: JSONL lines as they are (their
 * bytes, not decoded), CSV rows (after the header) as objects keyed by the header's names. The files stay leased
 * while it is open.
 */
final class BatchInput implements BatchSource {

    private final List<ArtifactStorage.LocalFile> leases = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final boolean csv;
    private int file = -1;
    private BufferedReader reader;
    private ByteLines lines;
    private CSVParser parser;
    private Iterator<CSVRecord> records;
    private List<String> header;
    private byte[] next;

    BatchInput(ArtifactStorage storage, List<String> uris, boolean csv) {
        this.csv = csv;
        try {
            for (String uri : uris) {
                ArtifactStorage.LocalFile lease = storage.lease(uri);
                leases.add(lease);
                files.add(lease.path());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Lines in all files (a quick scan, for progress). */
    @Override
    public long count() throws IOException {
        long lines = 0;
        for (Path path : files) {
            try (InputStream in = Files.newInputStream(path)) {
                long count = ByteLines.count(in);
                lines += csv ? Math.max(0, count - 1) : count;
            }
        }
        return lines;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        try {
            while (true) {
                if (csv && records != null && records.hasNext()) {
                    next = object(records.next()).getBytes(StandardCharsets.UTF_8);
                    return true;
                }
                if (!csv && lines != null && (next = lines.next()) != null) {
                    return true;
                }
                if (!openNext()) {
                    return false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        byte[] line = next;
        next = null;
        return line;
    }

    private boolean openNext() throws IOException {
        closeCurrent();
        if (++file >= files.size()) {
            return false;
        }
        if (!csv) {
            lines = new ByteLines(Files.newInputStream(files.get(file)));
        } else {
            reader = com.pipelines.datasets.CsvFiles.open(files.get(file));
            parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                    .get().parse(reader);
            header = parser.getHeaderNames();
            records = parser.iterator();
        }
        return true;
    }

    private String object(CSVRecord record) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < header.size() && i < record.size(); i++) {
            String value = record.get(i);
            json.append(i == 0 ? "" : ",").append('"').append(escape(header.get(i))).append("\":");
            json.append(value.isEmpty() ? "null" : "\"" + escape(value) + "\"");
        }
        return json.append('}').toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private void closeCurrent() throws IOException {
        if (parser != null) {
            parser.close();
            parser = null;
        }
        if (reader != null) {
            reader.close();
            reader = null;
        }
        if (lines != null) {
            lines.close();
            lines = null;
        }
    }

    @Override
    public void close() {
        try {
            closeCurrent();
        } catch (IOException ignored) {
            // read-only
        }
        leases.forEach(ArtifactStorage.LocalFile::close);
    }
}
