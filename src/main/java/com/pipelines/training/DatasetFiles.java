package com.pipelines.training;

import java.util.List;
import java.util.Map;

/** The four IDX files of an MNIST-shaped dataset and the SHA-256 of the canonical copies. */
enum DatasetFiles {
    TRAIN_IMAGES("train-images-idx3-ubyte.gz"),
    TRAIN_LABELS("train-labels-idx1-ubyte.gz"),
    TEST_IMAGES("t10k-images-idx3-ubyte.gz"),
    TEST_LABELS("t10k-labels-idx1-ubyte.gz");

    static final List<String> DATASETS = List.of("mnist", "fashion-mnist");

    private static final Map<String, Map<DatasetFiles, String>> SHA256 = Map.of(
            "mnist", Map.of(
                    TRAIN_IMAGES, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                    TRAIN_LABELS, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                    TEST_IMAGES, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                    TEST_LABELS, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
            "fashion-mnist", Map.of(
                    TRAIN_IMAGES, "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                    TRAIN_LABELS, "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
                    TEST_IMAGES, "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                    TEST_LABELS, "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"));

    private final String fileName;

    DatasetFiles(String fileName) {
        this.fileName = fileName;
    }

    String fileName() {
        return fileName;
    }

    String sha256(String dataset) {
        return SHA256.get(dataset).get(this);
    }
}
