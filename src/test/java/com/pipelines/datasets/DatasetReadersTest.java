package com.pipelines.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.pipelines.training.SyntheticMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** The parsers and the preparation, without Spring: what each format yields and how each refuses bad content. */
class DatasetReadersTest {

    static final DatasetsProperties LIMITS = new DatasetsProperties(DataSize.ofGigabytes(1), List.of(), 5, 1000,
            DataSize.ofMegabytes(64), 50, 10_000_000L, false, DataSize.ofMegabytes(64));

    private static DatasetOptions csv() {
        return new DatasetOptions("csv", null, null, null, null, null, null).resolved();
    }

    private static ParsedData readCsv(Path dir, String text, DatasetOptions options) throws Exception {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, text);
        return new CsvTableReader(LIMITS.maxClasses()).read(file, options);
    }

    @Test
    void csvReadsQuotedFieldsNumbersCategoriesAndGapsAndSortsNumericLabelsAsNumbers(@TempDir Path dir) throws Exception {
        ParsedData data = readCsv(dir, "\"size, cm\",kind,label\n1.5,\"a, b\",10\n,c,2\n3,,10\n", csv());
        assertThat(data.columns()).extracting(ParsedData.Column::name).containsExactly("size, cm", "kind");
        assertThat(data.columns().get(1).categorical()).isTrue();
        assertThat(data.columns().get(1).values()).containsExactly("a, b", "c", "");
        assertThat(data.classNames()).containsExactly("2", "10");
        assertThat(data.labels()).containsExactly(1, 0, 1);
        assertThat(Float.isNaN(data.values()[2])).isTrue();
    }

    @Test
    void aCsvExportedByASpreadsheetWithItsByteOrderMarkAndCrlfReadsItsFirstColumnName(@TempDir Path dir)
            throws Exception {
        ParsedData data = readCsv(dir, "\uFEFFx1,color,label\r\n1,red,a\r\n2,blue,b\r\n", csv());
        assertThat(data.columns()).extracting(ParsedData.Column::name).containsExactly("x1", "color");
        assertThat(data.classNames()).containsExactly("a", "b");
    }

    @Test
    void csvReadsNamedColumnsAsCategoriesAndRefusesTooManyClasses(@TempDir Path dir) throws Exception {
        DatasetOptions forced = new DatasetOptions("csv", "y", List.of("zip"), null, null, null, null).resolved();
        ParsedData data = readCsv(dir, "zip,y,x\n10115,a,1\n80331,b,2\n", forced);
        assertThat(data.columns()).extracting(ParsedData.Column::name).containsExactly("zip", "x");
        assertThat(data.columns().get(0).categorical()).isTrue();
        assertThatThrownBy(() -> readCsv(dir, "x,y\n1,a\n2,b\n3,c\n4,d\n5,e\n6,f\n", csv()))
                .isInstanceOf(DatasetException.class).hasMessageContaining("6 classes; at most 5");
        assertThatThrownBy(() -> readCsv(dir, "x,x,y\n1,2,a\n", csv())).hasMessageContaining("names column 'x' twice");
    }

    @Test
    void splitsAreStratifiedSeededAndVocabulariesComeFromTrainOnly(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder("color,label\n");
        for (int i = 0; i < 200; i++) {
            text.append(i == 0 ? "rare" : i % 2 == 0 ? "red" : "blue").append(',').append(i % 4 == 0 ? "a" : "b")
                    .append('\n');
        }
        DatasetOptions options = new DatasetOptions("csv", null, null, 0.1, 0.2, 7L, null).resolved();
        ParsedData parsed = readCsv(dir, text.toString(), options);
        DatasetPreparation.Result a = DatasetPreparation.prepare(parsed, options);
        DatasetPreparation.Result b = DatasetPreparation.prepare(readCsv(dir, text.toString(), options), options);
        assertThat(a.data().splits()).isEqualTo(b.data().splits());
        Map<String, Long> testClasses = a.statistics().get("test").classCounts();
        assertThat(testClasses).containsEntry("a", 10L).containsEntry("b", 30L);
        assertThat(a.statistics().get("validation").rows()).isEqualTo(20);
        List<String> vocabulary = a.data().schema().features().get(0).vocabulary();
        boolean rareInTrain = a.data().splits()[0] == Split.TRAIN.ordinal();
        assertThat(vocabulary.contains("rare")).isEqualTo(rareInTrain);
        if (!rareInTrain) {
            assertThat(a.data().values()[0]).as("a value train never saw is unseen").isEqualTo(-1f);
        }
    }

    @Test
    void zipEntriesThatEscapeOrInflateTooFarAreRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SafeZip.checkedName("../x.png")).hasMessageContaining("escapes its folder");
        assertThatThrownBy(() -> SafeZip.checkedName("a/../../x.png")).hasMessageContaining("escapes");
        assertThatThrownBy(() -> SafeZip.checkedName("/etc/x.png")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> SafeZip.checkedName("C:\\x.png")).hasMessageContaining("absolute");
        Path bomb = dir.resolve("bomb.zip");
        Files.write(bomb, DatasetFixtures.zip(new String[] {"a/1.png"}, new byte[][] {new byte[20_000_000]}));
        try (SafeZip zip = SafeZip.open(bomb, LIMITS)) {
            assertThatThrownBy(() -> zip.read(zip.files().get(0))).hasMessageContaining("decompression bomb");
        }
    }

    @Test
    void imageFoldersAreReadWithOrWithoutATopFolderAndResizedOnRequest(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("pets.zip");
        Files.write(zip, DatasetFixtures.imageZip("pets", 5, 1));
        ImageFolderReader reader = new ImageFolderReader(LIMITS);
        ParsedData wrapped = reader.read(zip, new DatasetOptions("images", null, null, null, null, null, null).resolved());
        assertThat(wrapped.classNames()).containsExactly("cat", "dog");
        assertThat(wrapped.image()).isEqualTo(new DatasetSchema.ImageShape(8, 8, 1));
        Files.write(zip, DatasetFixtures.imageZip(null, 5, 1));
        ParsedData resized = reader.read(zip, new DatasetOptions("images", null, null, null, null, null, "4x6")
                .resolved());
        assertThat(resized.image()).isEqualTo(new DatasetSchema.ImageShape(4, 6, 1));
        assertThat(resized.pixels()).hasSize(10 * 4 * 6);
        Files.write(zip, DatasetFixtures.zip(new String[] {"cat/a.png", "notes.txt"},
                new byte[][] {DatasetFixtures.png(true, new Random(1), 8), "hi".getBytes()}));
        assertThatThrownBy(() -> reader.read(zip, new DatasetOptions("images", null, null, null, null, null, null)
                .resolved())).hasMessageContaining("notes.txt is not a .png");
    }

    @Test
    void idxPairsAreReadFromAFolderWithTheTestFilesAsTheTestSplit(@TempDir Path dir) throws Exception {
        SyntheticMnist.writeDataset(dir, 50, 20, 3);
        ParsedData data = new IdxReader(LIMITS).read(dir, null);
        assertThat(data.rows()).isEqualTo(70);
        assertThat(data.image()).isEqualTo(new DatasetSchema.ImageShape(28, 28, 1));
        assertThat(data.presetSplits()[69]).isEqualTo((byte) Split.TEST.ordinal());
        assertThat(data.presetSplits()[0]).isEqualTo((byte) -1);
        Files.delete(dir.resolve("train-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> new IdxReader(LIMITS).read(dir, null)).hasMessageContaining("No train-labels file");
    }

    @Test
    void vertexImportFilesGiveLabelsAndSplitsAndNameTheLineAtFault(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        Map<String, byte[]> images = new java.util.HashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String uri = "gs://bucket/img/" + i + ".png";
            images.put(uri, DatasetFixtures.png(i % 2 == 0, random, 8));
            String use = i < 4 ? "training" : "test";
            lines.add("{\"imageGcsUri\": \"" + uri + "\", \"classificationAnnotation\": {\"displayName\": \""
                    + (i % 2 == 0 ? "up" : "down") + "\"}, \"dataItemResourceLabels\": "
                    + "{\"aiplatform.googleapis.com/ml_use\": \"" + use + "\"}}");
        }
        Path file = dir.resolve("import.jsonl");
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
        VertexImportReader reader = new VertexImportReader(new ImageFolderReader(LIMITS), JsonMapper.builder().build());
        DatasetOptions options = new DatasetOptions("vertex-jsonl", null, null, null, null, null, null).resolved();
        ParsedData data = reader.read(file, options, images::get);
        assertThat(data.classNames()).containsExactly("down", "up");
        assertThat(data.presetSplits()).containsExactly(0, 0, 0, 0, 2, 2);
        Files.writeString(file, lines.get(0) + "\n{\"imageGcsUri\": \"gs://bucket/img/1.png\"}\n");
        assertThatThrownBy(() -> reader.read(file, options, images::get))
                .hasMessageContaining("Line 2 has no classificationAnnotation.displayName");
    }

    @Test
    void aSplitColumnAssignsRowsAndIsNeitherAFeatureNorTheLabel(@TempDir Path dir) throws Exception {
        DatasetOptions options = new DatasetOptions("csv", null, null, null, null, null, null, "split").resolved();
        ParsedData data = readCsv(dir, "x,label,split\n1,a,training\n2,b,test\n3,a,\n4,b,validation\n", options);
        assertThat(data.columns()).extracting(ParsedData.Column::name).containsExactly("x");
        assertThat(data.labelName()).isEqualTo("label");
        assertThat(data.presetSplits()).containsExactly(0, 2, -1, 1);
        assertThatThrownBy(() -> readCsv(dir, "x,label,split\n1,a,later\n", options))
                .hasMessageContaining("Line 2, column 'split': 'later' is not training, validation or test");
    }

    @Test
    void anUploadPastItsLimitIsA413AndLeavesNoFile(@TempDir Path dir) throws Exception {
        byte[] body = new byte[5000];
        assertThatThrownBy(() -> StagedSource.upload(new java.io.ByteArrayInputStream(body), 4096, dir, "upload"))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(413));
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        try (StagedSource staged = StagedSource.upload(new java.io.ByteArrayInputStream(body), 5000, dir, "upload")) {
            assertThat(staged.sha256()).isEqualTo(com.pipelines.Sha256.hex(body));
        }
        try (var left = Files.list(dir)) {
            assertThat(left).as("closing removes the staged file").isEmpty();
        }
    }
}
