package com.pipelines.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What other features use of datasets: resolve {@code name} or {@code name@version} to an exact version, read its
 * prepared rows, record that a run read it, and register a folder of IDX files (the built-in datasets).
 */
@Service
public class Datasets {

    private final DatasetVersionRepository versions;
    private final DatasetRegistry registry;
    private final DatasetStore store;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    Datasets(DatasetVersionRepository versions, DatasetRegistry registry, DatasetStore store,
             TransactionTemplate transactions, JsonMapper json) {
        this.versions = versions;
        this.registry = registry;
        this.store = store;
        this.transactions = transactions;
        this.json = json;
    }

    /** The exact version {@code reference} ({@code name} = its latest, or {@code name@version}) names, if any. */
    public Optional<DatasetRef> find(String reference) {
        return row(reference).map(DatasetVersion::ref);
    }

    /** The exact version, or a 404-shaped {@link DatasetException} naming what is registered. */
    public DatasetRef resolve(String reference) {
        return find(reference).orElseThrow(() -> DatasetException.notFound(reference));
    }

    public PreparedDataset load(DatasetRef ref) {
        DatasetVersion row = versions.findByNameAndVersion(ref.name(), ref.version())
                .orElseThrow(() -> DatasetException.notFound(ref.toString()));
        return store.read(row.ref(), row.storageUri());
    }

    /** Where a version's prepared form is stored (the uri an artifact of it carries). */
    public String storageUri(DatasetRef ref) {
        return versions.findByNameAndVersion(ref.name(), ref.version()).map(DatasetVersion::storageUri)
                .orElseThrow(() -> DatasetException.notFound(ref.toString()));
    }

    /** Records that a run's task read the version: it cannot be deleted while the run exists. */
    public void recordUsage(DatasetRef ref, UUID runId, String taskName) {
        versions.findByNameAndVersion(ref.name(), ref.version()).ifPresent(row -> {
            try {
                transactions.executeWithoutResult(status -> versions.recordUsage(row.id(), runId, taskName));
            } catch (DataIntegrityViolationException alreadyRecorded) {
                // the same task recorded it at the same moment
            }
        });
    }

    /**
     * Registers (or finds, when the same files were registered before) a folder of IDX files as {@code name}, its
     * classes named {@code classNames}.
     */
    public DatasetRef registerIdxFolder(String name, Path folder, List<String> classNames) throws IOException {
        try (StagedSource source = StagedSource.inPlace(folder, folder.toUri().toString(), Long.MAX_VALUE, () -> { })) {
            return registry.register(name, "Built-in " + name + " (IDX files in " + folder + ")",
                    new DatasetOptions("idx", null, null, null, null, null, null), source, classNames)
                    .version().ref();
        }
    }

    /** The schema stored with a version. */
    public DatasetSchema schema(DatasetRef ref) {
        return versions.findByNameAndVersion(ref.name(), ref.version())
                .map(row -> json.readValue(row.schema(), DatasetSchema.class))
                .orElseThrow(() -> DatasetException.notFound(ref.toString()));
    }

    /** A version's statistics of one split (class counts, per-feature histograms and value counts), as JSON data. */
    @SuppressWarnings("unchecked")
    public Optional<java.util.Map<String, Object>> statistics(String name, int version, String split) {
        return versions.findByNameAndVersion(name, version)
                .map(row -> (java.util.Map<String, Object>) json.readValue(row.statistics(), java.util.Map.class)
                        .get(split));
    }

    Optional<DatasetVersion> row(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        int at = reference.lastIndexOf('@');
        if (at < 0) {
            return versions.findFirstByNameOrderByVersionDesc(reference);
        }
        try {
            return versions.findByNameAndVersion(reference.substring(0, at),
                    Integer.parseInt(reference.substring(at + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
