package com.pipelines.datasets;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import com.pipelines.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers dataset versions: stage → parse → prepare → store → insert, so that a failure anywhere leaves no row and
 * no bytes. The same bytes with the same options are the same version (answered again, not registered twice, also
 * when two requests race: the unique (name, digest) picks one).
 */
@Service
class DatasetRegistry {

    private static final Logger log = LoggerFactory.getLogger(DatasetRegistry.class);
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    private final DatasetVersionRepository versions;
    private final DatasetStore store;
    private final DatasetSources sources;
    private final DatasetsProperties properties;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    DatasetRegistry(DatasetVersionRepository versions, DatasetStore store, DatasetSources sources,
                    DatasetsProperties properties, TransactionTemplate transactions, JsonMapper json) {
        this.versions = versions;
        this.store = store;
        this.sources = sources;
        this.properties = properties;
        this.transactions = transactions;
        this.json = json;
    }

    record Registered(DatasetVersion version, boolean created) {
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw DatasetException.invalid("name", "name must be 1-128 lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
    }

    Registered register(String name, String description, DatasetOptions requested, StagedSource source,
                        List<String> classNames) throws IOException {
        checkName(name);
        if (description != null && description.length() > 1024) {
            throw DatasetException.invalid("description", "description must be at most 1024 characters");
        }
        DatasetOptions options = requested.resolved();
        String canonical = options.canonical();
        String digest = Sha256.hex(source.sha256() + "\n" + canonical + (classNames == null ? "" : "\n" + classNames));
        var existing = versions.findByNameAndDigest(name, digest);
        if (existing.isPresent()) {
            return new Registered(existing.get(), false);
        }
        long started = System.nanoTime();
        ParsedData parsed = parse(source, options, classNames);
        DatasetPreparation.Result prepared = DatasetPreparation.prepare(parsed, options);
        String uri = store.write(name, digest, prepared.data());
        try {
            Registered registered = insert(name, description, options, source, digest, canonical, prepared, uri);
            log.info("Registered dataset {} version {} ({} rows, {}) in {} ms", name, registered.version().version(),
                    parsed.rows(), options.format(), (System.nanoTime() - started) / 1_000_000);
            return registered;
        } catch (RuntimeException e) {
            if (versions.findByNameAndDigest(name, digest).isEmpty()) {
                store.delete(uri);
            }
            throw e;
        }
    }

    private ParsedData parse(StagedSource source, DatasetOptions options, List<String> classNames)
            throws IOException {
        return switch (options.format()) {
            case "csv" -> new CsvTableReader(properties.maxClasses()).read(source.path(), options);
            case "images" -> new ImageFolderReader(properties).read(source.path(), options);
            case "idx" -> new IdxReader(properties).read(source.path(), classNames);
            case "vertex-jsonl" -> {
                if (java.nio.file.Files.isDirectory(source.path())) {
                    throw DatasetException.invalid("sourceUri", "A Vertex import file is one JSONL file, not a folder");
                }
                yield new VertexImportReader(new ImageFolderReader(properties), json).read(source.path(), options,
                        sources::read);
            }
            default -> throw DatasetException.invalid("format", "Unknown format " + options.format());
        };
    }

    private Registered insert(String name, String description, DatasetOptions options, StagedSource source,
                              String digest, String canonical, DatasetPreparation.Result prepared, String uri) {
        String schema = json.writeValueAsString(prepared.data().schema());
        String statistics = json.writeValueAsString(prepared.statistics());
        for (int attempt = 0; ; attempt++) {
            try {
                return transactions.execute(status -> {
                    int next = versions.maxVersion(name) + 1;
                    DatasetVersion row = new DatasetVersion(name, next, options.format(),
                            prepared.data().schema().kind(), source.sha256(), digest, abbreviate(source.source()),
                            description, canonical, schema, statistics, uri, prepared.data().labels().length,
                            source.bytes(), Instant.now());
                    versions.saveAndFlush(row);
                    return new Registered(row, true);
                });
            } catch (DataIntegrityViolationException raced) {
                var winner = versions.findByNameAndDigest(name, digest);
                if (winner.isPresent()) {
                    return new Registered(winner.get(), false);
                }
                if (attempt == 4) {
                    throw raced;
                }
            }
        }
    }

    private static String abbreviate(String source) {
        return source.length() > 2048 ? source.substring(0, 2047) + "…" : source;
    }
}
