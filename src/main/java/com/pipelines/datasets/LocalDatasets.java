package com.pipelines.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.pipelines.Sha256;
import org.springframework.util.unit.DataSize;

/**
 * Datasets without the registry, for the command-line mode (a pipeline component with no database): a folder of
 * IDX files prepared in memory through the same parser and preparation as a registration, under the digest a
 * registration of the same files would get.
 */
public final class LocalDatasets {

    private static final DatasetsProperties DEFAULTS = new DatasetsProperties(DataSize.ofGigabytes(4), List.of(),
            1000, 2_000_000, DataSize.ofGigabytes(16), 200, 50_000_000L, false, DataSize.ofGigabytes(1));

    private LocalDatasets() {
    }

    public static PreparedDataset idxFolder(String name, Path folder, List<String> classNames) throws IOException {
        DatasetOptions options = new DatasetOptions("idx", null, null, null, null, null, null).resolved();
        try (StagedSource source = StagedSource.inPlace(folder, folder.toUri().toString(), Long.MAX_VALUE, () -> { })) {
            String digest = Sha256.hex(source.sha256() + "\n" + options.canonical() + "\n" + classNames);
            ParsedData parsed = new IdxReader(DEFAULTS).read(folder, classNames);
            DatasetStatistics.Prepared data = DatasetPreparation.prepare(parsed, options).data();
            return new PreparedDataset(new DatasetRef(name, 0, digest), data.schema(), data.pixels(), data.values(),
                    data.labels(), data.splits());
        }
    }
}
