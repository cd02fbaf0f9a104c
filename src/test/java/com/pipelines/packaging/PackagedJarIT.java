package com.pipelines.packaging;


import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;


import com.pipelines.testing.ApiClient;
import com.pipelines.testing.PostgresTestDatabase;
import com.pipelines.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the container would run, short of a Docker engine (there is none here): the packaged jar, started with the
 * environment docker-compose.yml gives the {@code pipelines} service (read from the file, with the compose host
 * names pointed at this machine's PostgreSQL), serves a run to SUCCEEDED; two replicas share the database; and the
 * same jar's command-line mode trains and answers with the exit codes a pipeline engine reads.
 */
class PackagedJarIT {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String API_KEY = "compose-key-0123456789abcdef";
    private static final String API_KEY_SHA256 = HexFormat.of().formatHex(sha256(API_KEY));

    @TempDir
    Path work;

    @Test
    void theJarServesRunsOnPostgresWithTheComposeEnvironmentAndRunsStepsAsAComponent() throws Exception {
        assumeTrue(PostgresTestDatabase.available(), "PostgreSQL is not running");
        assumeTrue(Files.isDirectory(FASHION), "Debian package dataset-fashion-mnist is not installed");
        Path jar = packagedJar();
        Map<String, String> env = composeEnvironment("pipelines", Map.of("PIPELINES_API_KEY_SHA256", API_KEY_SHA256));
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "postgres").containsKey("PIPELINES_DB_URL")
                .containsEntry("PIPELINES_SECURITY_KEYS_0_SHA256", API_KEY_SHA256);
        String database = PostgresTestDatabase.createDatabase();
        env.put("PIPELINES_DB_URL", database);
        env.put("PIPELINES_DB_USER", System.getProperty("pipelines.test.postgres.user", "postgres"));
        env.put("PIPELINES_DB_PASSWORD", "");
        env.put("PIPELINES_DATA_DIR", work.resolve("data").toString());
        env.put("PIPELINES_PIPELINE_ROOT", work.resolve("pipeline_root").toString());

        int first = freePort();
        int second = freePort();
        Process replicaA = start(jar, env, first, "replica-a");
        Process replicaB = start(jar, env, second, "replica-b");
        try {
            ApiClient a = awaitReady(new ApiClient(first, API_KEY), replicaA, "replica-a");
            ApiClient b = awaitReady(new ApiClient(second, API_KEY), replicaB, "replica-b");
            assertThat(new ApiClient(first).get("/api/v1/runs").status()).as("the compose API needs its key")
                    .isEqualTo(401);
            List<UUID> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add((i % 2 == 0 ? a : b).startRun("""
                        {"parameterValues": {"dataset": "fashion-mnist", "trainLimit": 600, "epochs": 1,
                         "seed": %d}}""".formatted(i)));
            }
            for (UUID id : runs) {
                JsonNode run = b.awaitState(id, "SUCCEEDED", Duration.ofSeconds(240));
                assertThat(run.get("metrics").get("dataset size").asInt()).isEqualTo(600);
                assertThat(a.run(id).get("state").asString()).isEqualTo("SUCCEEDED");
            }
            assertThat(Files.isDirectory(work.resolve("pipeline_root/simple-mnist-pipeline/" + runs.get(0))))
                    .isTrue();
            // Both replicas registered fashion-mnist at startup while the first trainings read it: one version.
            JsonNode fashion = a.get("/api/v1/datasets/fashion-mnist").json();
            assertThat(fashion.get("versions")).hasSize(1);
            assertThat(fashion.get("versions").get(0).get("rows").asInt()).isEqualTo(70_000);
            assertThat(fashion.get("versions").get(0).get("splits").get("test").asInt()).isEqualTo(10_000);
        } finally {
            stop(replicaA);
            stop(replicaB);
        }

        Path model = work.resolve("component/output_model");
        Path metrics = work.resolve("component/metrics.json");
        assertThat(component(jar, env, "train", "--dataset", "fashion-mnist", "--train-limit", "500", "--epochs", "1",
                "--output-model", model.toString(), "--metrics", metrics.toString())).isZero();
        assertThat(model.resolve("saved_model.pb")).isRegularFile();
        assertThat(Files.readString(metrics)).contains("\"dataset size\":500");
        assertThat(component(jar, env, "train", "--epochs", "three", "--output-model", model.toString()))
                .isEqualTo(64);
        assertThat(component(jar, env, "deploy", "--model", model.toString(), "--deploy-target", "local"))
                .isEqualTo(1);
    }

    private Process start(Path jar, Map<String, String> env, int port, String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx1200m", ServiceProcess.QUICK_START, "-jar",
                jar.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        return builder.start();
    }

    private int component(Path jar, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx1200m", ServiceProcess.QUICK_START, "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        Path log = work.resolve("component-" + UUID.randomUUID() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("component finished").isTrue();
        System.out.println(String.join(" ", args) + " -> " + process.exitValue() + "\n" + Files.readString(log));
        return process.exitValue();
    }

    private ApiClient awaitReady(ApiClient api, Process process, String name) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as(() -> name + " exited: " + log(name)).isTrue();
            try {
                if (api.get("/actuator/health/readiness").status() == 200) {
                    return api;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " did not start: " + log(name));
    }

    private String log(String name) {
        try {
            return Files.readString(work.resolve(name + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * The environment docker-compose.yml gives a service (the shared x-pipelines block merged in), with compose's
     * {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?error}} taken from {@code shell}.
     */
    @SuppressWarnings("unchecked")
    static Map<String, String> composeEnvironment(String service, Map<String, String> shell) throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            Map<String, Object> services = (Map<String, Object>) compose.get("services");
            Map<String, Object> definition = (Map<String, Object>) services.get(service);
            Map<String, Object> environment = (Map<String, Object>) definition.get("environment");
            Map<String, String> env = new HashMap<>();
            environment.forEach((key, value) -> env.put(key, interpolate(String.valueOf(value), shell)));
            return env;
        }
    }

    private static String interpolate(String value, Map<String, String> shell) {
        Matcher variable = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            String set = shell.get(variable.group(1));
            if (set == null && "?".equals(variable.group(2))) {
                throw new AssertionError("docker-compose.yml requires " + variable.group(1) + ": " + variable.group(3));
            }
            String replacement = set != null ? set : "-".equals(variable.group(2)) ? variable.group(3) : "";
            variable.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return variable.appendTail(out).toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("pipelines-service-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("run 'mvnw verify': no packaged jar"));
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

}
