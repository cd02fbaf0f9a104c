package com.pipelines.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import com.pipelines.artifacts.ArtifactStore;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.EngineTest;
import com.pipelines.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document is a contract a generated client can live on: it validates with openapi-generator, every
 * operation has a stable, meaningful operationId and a tag, every 2xx response its schema (201/202 their Location),
 * every 4xx the problem schema with an example, nothing internal is published; and a Java client generated from it
 * compiles and drives the running service with typed objects.
 */
@EngineTest
class OpenApiContractTest {

    private static final Path WORK = Path.of("target/openapi");
    private static final Path GENERATOR = Path.of("target/tools/openapi-generator-cli.jar");

    @LocalServerPort
    int port;

    @Test
    void theDocumentDescribesEveryOperationCompletely() throws IOException {
        JsonNode docs = docs();
        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
            if (path.getKey().startsWith("/error")) {
                problems.add(path.getKey() + ": internal, published");
            }
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                JsonNode operation = method.getValue();
                String name = method.getKey().toUpperCase() + " " + path.getKey();
                String id = operation.path("operationId").asString("");
                if (!id.matches("[a-z][A-Za-z]+") || !operationIds.add(id)) {
                    problems.add(name + ": operationId '" + id + "' is not a unique camelCase name");
                }
                if (operation.path("tags").isEmpty()) {
                    problems.add(name + ": no tag");
                }
                if (operation.path("responses").propertyNames().stream().noneMatch(code -> code.startsWith("2"))) {
                    problems.add(name + ": no 2xx response");
                }
                for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
                    String code = response.getKey();
                    JsonNode content = response.getValue().path("content");
                    if (code.startsWith("2") && !code.equals("204") && !hasSchema(content)) {
                        problems.add(name + " " + code + ": no response schema");
                    }
                    if ((code.equals("201") || code.equals("202"))
                            && response.getValue().path("headers").path("Location").isMissingNode()) {
                        problems.add(name + " " + code + ": no Location header");
                    }
                    if (code.startsWith("4")) {
                        JsonNode problem = content.path("application/problem+json");
                        if (problem.path("schema").isMissingNode() || (problem.path("example").isMissingNode()
                                && problem.path("examples").isMissingNode())) {
                            problems.add(name + " " + code + ": no problem schema with an example");
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(operationIds).contains("createRun", "getRun", "listRuns", "cancelRun", "retryRun",
                "listRunMetrics", "listRunArtifacts", "listRunLogs", "compareRuns", "listPipelines", "getPipeline",
                "predict");
    }

    @Test
    void openApiGeneratorValidatesTheDocument() throws Exception {
        assumeNotTheDatabasePass();
        docs();
        Process validate = new ProcessBuilder(java(), ServiceProcess.QUICK_START, "-jar", GENERATOR.toString(),
                "validate", "-i",
                WORK.resolve("api-docs.json").toString()).redirectErrorStream(true).start();
        String output = new String(validate.getInputStream().readAllBytes());
        assertThat(validate.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).as(output).isZero();
    }

    /** What a user does: generate a Java client (native library), compile it, and use it against the service. */
    @Test
    @SuppressWarnings("unchecked")
    void aGeneratedJavaClientDrivesTheServiceWithTypedObjects() throws Exception {
        assumeNotTheDatabasePass();
        docs();
        Path client = WORK.resolve("client");
        if (Files.exists(client)) {
            ArtifactStore.deleteRecursively(client);
        }
        Process generate = new ProcessBuilder(java(), ServiceProcess.QUICK_START, "-jar", GENERATOR.toString(),
                "generate", "-g", "java",
                "--library", "native", "-i", WORK.resolve("api-docs.json").toString(), "-o", client.toString(),
                "--api-package", "com.pipelines.client.api", "--model-package", "com.pipelines.client.model",
                "--invoker-package", "com.pipelines.client", "--additional-properties",
                "openApiNullable=false,useJakartaEe=true,hideGenerationTimestamp=true")
                .redirectErrorStream(true).start();
        String output = new String(generate.getInputStream().readAllBytes());
        assertThat(generate.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(generate.exitValue()).as(output).isZero();

        List<Path> sources;
        try (Stream<Path> walk = Files.walk(client.resolve("src/main/java"))) {
            sources = new ArrayList<>(walk.filter(p -> p.toString().endsWith(".java")).toList());
        }
        Path driver = client.resolve("src/driver/com/pipelines/client/ContractDriver.java");
        Files.createDirectories(driver.getParent());
        try (InputStream in = getClass().getResourceAsStream("/openapi-client/ContractDriver.java")) {
            Files.write(driver, in.readAllBytes());
        }
        sources.add(driver);
        Path classes = Files.createDirectories(WORK.resolve("client-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> options = List.of("-d", classes.toString(), "-classpath", testClasspath(), "-proc:none",
                "-encoding", "UTF-8", "-nowarn");
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(diagnostics, files, null, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            assertThat(compiled).as(diagnostics.toString()).isTrue();
        }

        Map<String, Object> seen;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Function<String, Map<String, Object>> use = (Function<String, Map<String, Object>>) loader
                    .loadClass("com.pipelines.client.ContractDriver").getDeclaredConstructor().newInstance();
            seen = use.apply("http://localhost:" + port);
        }
        assertThat(seen.get("pipelineSteps")).isEqualTo(2);
        assertThat(seen.get("createdState")).as("the 202's run, typed; a free worker may have started it already")
                .isIn("QUEUED", "RUNNING", "SUCCEEDED");
        assertThat(seen.get("state")).isEqualTo("SUCCEEDED");
        assertThat((List<UUID>) seen.get("listed")).contains((UUID) seen.get("id"));
        assertThat((Map<String, Object>) seen.get("metrics")).containsEntry("acc", 93.0).containsEntry("Model",
                "TestModel");
        assertThat(seen.get("accHistory")).isEqualTo(3);
        assertThat(seen.get("unknownRun")).isEqualTo(404);
        assertThat((String) seen.get("unknownRunBody")).contains("urn:problem:");
    }

    /** The test's classpath as javac needs it: surefire passes a manifest-only jar, so its Class-Path is read. */
    private static String testClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (!entry.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                Manifest manifest = jar.getManifest();
                String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (classPath == null) {
                    continue;
                }
                URI base = Path.of(entry).toAbsolutePath().getParent().toUri();
                for (String element : classPath.trim().split("\\s+")) {
                    entries.add(Path.of(base.resolve(element)).toString());
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The document does not depend on the database: the PostgreSQL pass need not generate a client again. */
    private static void assumeNotTheDatabasePass() {
        assumeFalse("postgres".equals(System.getProperty("pipelines.test.database")),
                "the document is the same on PostgreSQL; checked in the H2 pass");
    }

    private JsonNode docs() throws IOException {
        ApiClient.Response response = new ApiClient(port).get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("api-docs.json"), response.body());
        return response.json();
    }

    private static boolean hasSchema(JsonNode content) {
        for (Map.Entry<String, JsonNode> media : content.properties()) {
            JsonNode schema = media.getValue().path("schema");
            if (!schema.isMissingNode() && !schema.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
