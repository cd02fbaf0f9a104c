package com.pipelines.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static com.pipelines.testing.ApiClient.artifact;

import com.pipelines.PipelinesProperties;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Datasets through the API: register each way, refuse bad content with nothing left, train, evaluate and serve. */
@EngineTest
class DatasetsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    PipelinesProperties properties;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Path storedVersions(String name) {
        return properties.resolvedPipelineRoot().resolve("datasets").resolve(name);
    }

    @Test
    void csvRegistersWithSchemaSplitsAndStatisticsAndTheSameBytesAreTheSameVersion() {
        String name = unique("table");
        byte[] csv = DatasetFixtures.csv(400, 1).getBytes(StandardCharsets.UTF_8);
        ApiClient.Response created = api.postBytes("/api/v1/datasets?name=" + name + "&testFraction=0.25", csv,
                "text/csv");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/datasets/" + name + "/versions/1");
        JsonNode version = created.json();
        assertThat(version.get("kind").asString()).isEqualTo("tabular");
        assertThat(version.get("rows").asInt()).isEqualTo(400);
        assertThat(version.get("splits").get("test").asInt()).isBetween(95, 105);
        assertThat(version.get("splits").get("validation").asInt()).isBetween(35, 45);
        JsonNode schema = version.get("schema");
        assertThat(schema.get("classNames").toString()).isEqualTo("[\"high\",\"low\",\"mid\"]");
        assertThat(schema.get("features").get(2).get("type").asString()).isEqualTo("categorical");
        assertThat(schema.get("features").get(2).get("vocabulary").toString()).isEqualTo("[\"blue\",\"green\",\"red\"]");
        JsonNode x2 = version.get("statistics").get("train").get("features").get(1);
        assertThat(x2.get("missing").asLong()).as(version.get("statistics").toString()).isPositive();
        assertThat(x2.get("mean").asDouble()).isBetween(9.0, 11.0);
        assertThat(x2.get("histogram").get("counts")).hasSize(20);
        assertThat(version.get("sha256").asString()).isEqualTo(com.pipelines.Sha256.hex(csv));

        ApiClient.Response again = api.postBytes("/api/v1/datasets?name=" + name + "&testFraction=0.25", csv,
                "text/csv");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("version").asInt()).isEqualTo(1);
        ApiClient.Response changed = api.postBytes("/api/v1/datasets?name=" + name, csv, "text/csv");
        assertThat(changed.status()).as("other options are another version").isEqualTo(201);
        assertThat(changed.json().get("version").asInt()).isEqualTo(2);

        JsonNode listed = api.get("/api/v1/datasets/" + name).json();
        assertThat(listed.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(listed.get("versions")).hasSize(2);
        assertThat(api.send("DELETE", "/api/v1/datasets/" + name + "/versions/2", null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/datasets/" + name + "/versions/2").status()).isEqualTo(404);
    }

    @Test
    void badContentIsA400NamingTheLineOrFileAndLeavesNothingBehind() throws Exception {
        String name = unique("bad");
        assertRefused(api.postBytes("/api/v1/datasets?name=" + name, "a,b,label\n1,2,x\n3,4\n".getBytes(), "text/csv"),
                "Line 3 has 2 fields");
        StringBuilder numeric = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 1005; i++) {
            numeric.append(i).append(',').append(i * 2).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        }
        numeric.append("oops,1,x\n");
        assertRefused(api.postBytes("/api/v1/datasets?name=" + name, numeric.toString().getBytes(), "text/csv"),
                "Line 1007, column 'a': 'oops' is not a number");
        assertRefused(api.postBytes("/api/v1/datasets?name=" + name, "a,label\n1,x\n2,x\n".getBytes(), "text/csv"),
                "one class only");
        assertRefused(api.postBytes("/api/v1/datasets?name=" + name, "a,label\n1,x\n2,\n".getBytes(), "text/csv"),
                "Line 3 has no label");
        assertRefused(api.postBytes("/api/v1/datasets?name=" + name + "&labelColumn=nope", "a,label\n1,x\n".getBytes(),
                "text/csv"), "labelColumn 'nope'");

        Random random = new Random(3);
        byte[] good = DatasetFixtures.png(true, random, 8);
        assertRefused(api.postBytes("/api/v1/datasets?name=" + name, DatasetFixtures.zip(
                new String[] {"cat/1.png", "../dog/2.png"}, new byte[][] {good, good}), "application/zip"),
                "escapes its folder");
        assertRefused(api.postBytes("/api/v1/datasets?name=" + name, DatasetFixtures.zip(
                new String[] {"cat/1.png", "dog/broken.png"}, new byte[][] {good, "not a png".getBytes()}),
                "application/zip"), "dog/broken.png");
        assertRefused(api.postBytes("/api/v1/datasets?name=" + name, DatasetFixtures.zip(
                new String[] {"cat/1.png", "dog/bomb.png"}, new byte[][] {good, new byte[50_000_000]}),
                "application/zip"), "decompression bomb");
        assertRefused(api.postBytes("/api/v1/datasets?name=" + name, DatasetFixtures.zip(
                new String[] {"cat/1.png", "dog/big.png"}, new byte[][] {good, DatasetFixtures.png(false, random, 9)}),
                "application/zip"), "dog/big.png is 9x9");
        ApiClient.Response outside = api.post("/api/v1/datasets",
                "{\"name\": \"" + name + "\", \"sourceUri\": \"file:/etc/passwd\", \"format\": \"csv\"}");
        assertRefused(outside, "outside the folders");
        assertThat(outside.json().get("errors").get(0).get("field").asString()).isEqualTo("sourceUri");

        assertThat(api.get("/api/v1/datasets/" + name).status()).isEqualTo(404);
        assertThat(storedVersions(name)).doesNotExist();
        try (var uploads = Files.list(properties.dataDir().resolve("uploads"))) {
            assertThat(uploads).as("staged uploads are removed").isEmpty();
        }
    }

    private static void assertRefused(ApiClient.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(detail);
    }

    @Test
    void aTableTrainsEvaluatesAndIsServedByFeatureName() {
        String name = unique("train-table");
        ApiClient.Response created = api.postBytes("/api/v1/datasets?name=" + name,
                DatasetFixtures.csv(600, 2).getBytes(StandardCharsets.UTF_8), "text/csv");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        UUID id = api.startRun("""
                {"enableCaching": false, "parameterValues": {"dataset": "%s", "modelType": "mlp",
                 "hiddenUnits": "[32]", "epochs": 30, "batchSize": 16, "learningRate": 0.01,
                 "earlyStoppingPatience": 5}}""".formatted(name));
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(180));
        assertThat(run.get("metrics").get("acc").asDouble()).isGreaterThan(85);
        JsonNode model = artifact(run, "output_model");
        assertThat(model.get("metadata").get("datasetVersion").asInt()).isEqualTo(1);
        assertThat(model.get("metadata").get("datasetDigest").asString())
                .isEqualTo(created.json().get("digest").asString());
        String history = api.get("/api/v1/runs/" + id + "/metrics").body();
        assertThat(history).contains("val_loss").contains("val_acc");

        String endpoint = artifact(run, "vertex_endpoint").get("uri").asString();
        ApiClient.Response byName = api.post("/v1/" + endpoint + ":predict", """
                {"instances": [{"x1": 4.0, "x2": 16, "color": "red"}, {"x1": -4, "x2": "4.5", "color": "purple"},
                               [0.1, null, "green"]]}""");
        assertThat(byName.status()).as(byName.body()).isEqualTo(200);
        JsonNode classifications = byName.json().get("classifications");
        assertThat(classifications.get(0).get("displayNames").get(0).asString()).isEqualTo("high");
        assertThat(classifications.get(1).get("displayNames").get(0).asString()).isEqualTo("low");
        assertThat(byName.json().get("predictions").get(2)).hasSize(3);

        ApiClient.Response wrong = api.post("/v1/" + endpoint + ":predict", "{\"instances\": [[1, 2]]}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("instances[0]").contains("[x1, x2, color]");
        ApiClient.Response unknown = api.post("/v1/" + endpoint + ":predict", "{\"instances\": [{\"x9\": 1}]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("instances[0].x9");
        ApiClient.Response notANumber = api.post("/v1/" + endpoint + ":predict",
                "{\"instances\": [{\"x1\": \"abc\", \"x2\": 1, \"color\": \"red\"}]}");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.body()).contains("instances[0].x1").contains("is numeric");
        ApiClient.Response nested = api.post("/v1/" + endpoint + ":predict", "{\"instances\": [[0.1, [1], \"green\"]]}");
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.body()).contains("instances[0][1]").contains("single value");

        ApiClient.Response inUse = api.send("DELETE", "/api/v1/datasets/" + name + "/versions/1", null);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.body()).contains(id.toString());
    }

    @Test
    void anImageFolderZipTrainsAndIsServedFromB64Png() throws Exception {
        String name = unique("pets");
        ApiClient.Response created = api.postMultipart("/api/v1/datasets", "pets.zip",
                DatasetFixtures.imageZip("pets", 60, 4), Map.of("name", name, "validationFraction", "0.1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode schema = created.json().get("schema");
        assertThat(schema.get("kind").asString()).isEqualTo("image");
        assertThat(schema.get("image").toString()).isEqualTo("{\"height\":8,\"width\":8,\"channels\":1}");
        assertThat(schema.get("classNames").toString()).isEqualTo("[\"cat\",\"dog\"]");
        JsonNode samples = api.get("/api/v1/datasets/" + name + "/versions/1/samples?count=4").json();
        assertThat(samples).hasSize(4);
        assertThat(samples.get(0).get("image").asString()).startsWith("data:image/png;base64,");

        UUID id = api.startRun("""
                {"enableCaching": false, "parameterValues": {"dataset": "%s@1", "epochs": 5, "batchSize": 8}}"""
                .formatted(name));
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(180));
        assertThat(run.get("metrics").get("acc").asDouble()).isGreaterThan(90);
        String endpoint = artifact(run, "vertex_endpoint").get("uri").asString();
        String dog = Base64.getEncoder().encodeToString(DatasetFixtures.png(false, new Random(9), 8));
        ApiClient.Response predicted = api.post("/v1/" + endpoint + ":predict",
                "{\"instances\": [{\"b64\": \"" + dog + "\"}]}");
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        assertThat(predicted.json().get("classifications").get(0).get("displayNames").get(0).asString())
                .isEqualTo("dog");
        ApiClient.Response notAnImage = api.post("/v1/" + endpoint + ":predict",
                "{\"instances\": [{\"b64\": \"aGVsbG8=\"}]}");
        assertThat(notAnImage.status()).isEqualTo(400);
        assertThat(notAnImage.body()).contains("instances[0].b64");
    }

    private static final String IMPORT_AND_TRAIN = """
            {"pipelineInfo": {"name": "import-train"}, "schemaVersion": "2.1.0", "sdkVersion": "kfp-2.7.0",
             "components": {
               "comp-import": {"executorLabel": "exec-import",
                 "inputDefinitions": {"parameters": {"dataset": {"parameterType": "STRING"}}},
                 "outputDefinitions": {"artifacts": {"dataset": {"artifactType": {"schemaTitle": "system.Dataset"}}},
                                       "parameters": {"reference": {"parameterType": "STRING"}}}},
               "comp-train": {"executorLabel": "exec-train",
                 "inputDefinitions": {"parameters": {"dataset": {"parameterType": "STRING"},
                                                     "epochs": {"parameterType": "NUMBER_INTEGER", "isOptional": true},
                                                     "learningRate": {"parameterType": "NUMBER_DOUBLE", "isOptional": true}}},
                 "outputDefinitions": {"artifacts": {"output_model": {"artifactType": {"schemaTitle": "system.Model"}}},
                                       "parameters": {"accuracy": {"parameterType": "NUMBER_DOUBLE"}}}}},
             "deploymentSpec": {"executors": {
               "exec-import": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                 "args": ["import-dataset"]}},
               "exec-train": {"container": {"image": "svc", "command": ["java", "-jar", "/opt/pipelines/app.jar"],
                 "args": ["train"]}}}},
             "root": {"inputDefinitions": {"parameters": {"dataset": {"parameterType": "STRING"}}},
               "dag": {"tasks": {
               "import": {"componentRef": {"name": "comp-import"}, "taskInfo": {"name": "import"},
                 "inputs": {"parameters": {"dataset": {"componentInputParameter": "dataset"}}}},
               "train": {"componentRef": {"name": "comp-train"}, "taskInfo": {"name": "train"},
                 "dependentTasks": ["import"],
                 "inputs": {"parameters": {
                   "dataset": {"taskOutputParameter": {"producerTask": "import", "outputParameterKey": "reference"}},
                   "epochs": {"runtimeValue": {"constant": 20}},
                   "learningRate": {"runtimeValue": {"constant": 0.01}}}}}}}}}
            """;

    @Test
    void anUploadedPipelineImportsADatasetAsAnArtifactAndTrainsOnThePinnedVersion() {
        String name = unique("kfp-table");
        assertThat(api.postBytes("/api/v1/datasets?name=" + name, DatasetFixtures.csv(300, 6).getBytes(
                StandardCharsets.UTF_8), "text/csv").status()).isEqualTo(201);
        String pipeline = unique("import-train");
        ApiClient.Response created = api.post("/api/v1/pipelines?name=" + pipeline, IMPORT_AND_TRAIN);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = api.startRun("{\"pipelineName\": \"" + pipeline + "\", \"enableCaching\": false, "
                + "\"parameterValues\": {\"dataset\": \"" + name + "\"}}");
        JsonNode run = api.awaitRun(id, r -> r.get("state").asString().matches("SUCCEEDED|FAILED"),
                Duration.ofMinutes(2));
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode dataset = null;
        for (JsonNode a : run.get("artifacts")) {
            if (a.get("name").asString().equals("dataset")) {
                dataset = a;
            }
        }
        assertThat(dataset).isNotNull();
        assertThat(dataset.get("type").asString()).isEqualTo("system.Dataset");
        assertThat(dataset.get("metadata").get("version").asInt()).isEqualTo(1);
        assertThat(com.pipelines.testing.ApiClient.task(run, "train").get("inputs").get("dataset").asString())
                .isEqualTo(name + "@1");
        assertThat(api.get("/api/v1/components/import-dataset").status()).isEqualTo(200);
    }

    @Test
    void idxFilesUploadedAsAZipTrainWithTheirTestFilesAsTheTestSplit(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        com.pipelines.training.SyntheticMnist.writeDataset(dir, 500, 100, 11);
        String[] names = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz"};
        byte[][] contents = new byte[4][];
        for (int i = 0; i < 4; i++) {
            contents[i] = Files.readAllBytes(dir.resolve(names[i]));
        }
        String name = unique("digits");
        ApiClient.Response created = api.postBytes("/api/v1/datasets?name=" + name + "&format=idx",
                DatasetFixtures.zip(names, contents), "application/zip");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("splits").toString()).isEqualTo("{\"train\":500,\"validation\":0,\"test\":100}");
        UUID id = api.startRun("{\"enableCaching\": false, \"parameterValues\": {\"dataset\": \"" + name
                + "\", \"epochs\": 2, \"modelType\": \"cnn\"}}");
        JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
        assertThat(run.get("metrics").get("dataset size").asInt()).isEqualTo(500);
        assertThat(run.get("metrics").get("acc").asDouble()).isGreaterThan(90);
    }
}
