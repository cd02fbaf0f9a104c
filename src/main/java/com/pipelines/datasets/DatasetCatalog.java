package com.pipelines.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading and deleting registered versions, as the API and the dashboard see them. */
@Service
class DatasetCatalog {

    private final DatasetVersionRepository versions;
    private final DatasetStore store;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    DatasetCatalog(DatasetVersionRepository versions, DatasetStore store, TransactionTemplate transactions,
                   JsonMapper json) {
        this.versions = versions;
        this.store = store;
        this.transactions = transactions;
        this.json = json;
    }

    /** An image of a dataset, as a PNG data uri, with its class. */
    record Sample(String label, String image) {
    }

    List<DatasetSummary> list() {
        Map<String, List<DatasetVersion>> byName = new LinkedHashMap<>();
        versions.findAllByOrderByNameAscVersionDesc()
                .forEach(v -> byName.computeIfAbsent(v.name(), n -> new ArrayList<>()).add(v));
        List<DatasetSummary> summaries = new ArrayList<>();
        byName.forEach((name, rows) -> summaries.add(summary(name, rows)));
        return summaries;
    }

    DatasetSummary dataset(String name) {
        List<DatasetVersion> rows = versions.findByNameOrderByVersionDesc(name);
        if (rows.isEmpty()) {
            throw DatasetException.notFound(name);
        }
        return summary(name, rows);
    }

    DatasetView version(String name, int version) {
        return view(row(name, version), true);
    }

    private DatasetVersion row(String name, int version) {
        return versions.findByNameAndVersion(name, version)
                .orElseThrow(() -> DatasetException.notFound(name + "@" + version));
    }

    private DatasetSummary summary(String name, List<DatasetVersion> rows) {
        DatasetVersion latest = rows.get(0);
        return new DatasetSummary(name, latest.kind(), latest.version(), latest.createTime(),
                rows.stream().map(row -> view(row, false)).toList());
    }

    DatasetView view(DatasetVersion row, boolean full) {
        JsonNode statistics = json.readTree(row.statistics());
        Map<String, Integer> splits = new LinkedHashMap<>();
        for (Split split : Split.values()) {
            splits.put(split.id(), statistics.path(split.id()).path("rows").asInt());
        }
        return new DatasetView(row.name(), row.version(), row.format(), row.kind(), row.sha256(), row.digest(),
                row.source(), row.description(), row.rows(), splits, row.bytes(), row.createTime(),
                row.storageUri(), full ? map(row.schema()) : null, full ? map(row.statistics()) : null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String text) {
        return json.readValue(text, Map.class);
    }

    List<Sample> samples(String name, int version, String splitId, int count) {
        DatasetVersion row = row(name, version);
        Split split = Split.ofId(splitId);
        if (split == null) {
            throw DatasetException.invalid("split", "split must be train, validation or test");
        }
        if (!DatasetSchema.IMAGE.equals(row.kind())) {
            throw DatasetException.invalid("name", name + "@" + version + " is a table: it has no images");
        }
        PreparedDataset data = store.read(row.ref(), row.storageUri());
        PreparedDataset.Part part = data.part(split);
        DatasetSchema.ImageShape shape = data.schema().image();
        List<Sample> samples = new ArrayList<>();
        int step = Math.max(1, part.count() / Math.max(count, 1));
        for (int i = 0; i < part.count() && samples.size() < count; i += step) {
            samples.add(new Sample(data.schema().classNames().get(part.labels()[i]),
                    png(part.pixels(), i, shape)));
        }
        return samples;
    }

    private static String png(byte[] pixels, int index, DatasetSchema.ImageShape shape) {
        int size = shape.pixels();
        BufferedImage image = new BufferedImage(shape.width(), shape.height(),
                shape.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int at = index * size + (y * shape.width() + x) * shape.channels();
                if (shape.channels() == 1) {
                    image.getRaster().setSample(x, y, 0, pixels[at] & 0xff);
                } else {
                    image.setRGB(x, y, (pixels[at] & 0xff) << 16 | (pixels[at + 1] & 0xff) << 8 | (pixels[at + 2] & 0xff));
                }
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String name, int version) {
        DatasetVersion row = row(name, version);
        List<String> runs = versions.firstRunUsing(row.id());
        if (!runs.isEmpty()) {
            throw DatasetException.inUse(name + "@" + version, runs.get(0));
        }
        transactions.executeWithoutResult(status -> versions.deleteById(row.id()));
        if (versions.findByNameAndDigest(name, row.digest()).isEmpty()) {
            store.forget(row.digest());
            store.delete(row.storageUri());
        }
    }
}
