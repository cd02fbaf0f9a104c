package com.pipelines.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;

import com.pipelines.PipelinesApplication;
import com.pipelines.testing.ApiClient;
import com.pipelines.testing.TestCloud;
import com.pipelines.testing.TestPipelines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven through Debian's chromedriver. Starts a run
 * from the form, watches it succeed with its chart, shows a validation error at its field, compares two runs, draws
 * a digit and gets a prediction, and checks the phone width and the console. Screenshots go to
 * {@code target/screenshots}. Same Spring context as the engine tests (H2 pass only: the browser adds nothing to
 * the database coverage).
 */
@SpringBootTest(classes = PipelinesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({TestPipelines.class, TestCloud.class})
class DashboardBrowserTest {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static WebDriver driver;

    @LocalServerPort
    int port;

    @BeforeAll
    static void browser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "Debian packages chromium and chromium-driver are not installed");
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")), "dataset-fashion-mnist missing");
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-extensions", "--disable-sync",
                "--no-first-run", "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void aPersonCanScheduleAPipelineSeeItsNextFiresAndPauseIt() throws Exception {
        String base = "http://localhost:" + port + "/";
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get(base + "#/schedules?pipeline=simple-mnist-pipeline");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("schedule-form")));
        String name = "nightly-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        driver.findElement(By.id("schedule-name")).sendKeys(name);
        driver.findElement(By.id("schedule-cron")).sendKeys("0 25 * * *");
        driver.findElement(By.id("param-epochs")).clear();
        driver.findElement(By.id("param-epochs")).sendKeys("2");
        driver.findElement(By.id("create-schedule")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedule-cron-error"), "field 2 (hour)"));

        driver.findElement(By.id("schedule-cron")).clear();
        driver.findElement(By.id("schedule-cron")).sendKeys("0 2 * * *");
        driver.findElement(By.id("create-schedule")).click();
        By row = By.xpath("//tr[td[contains(., '" + name + "')]]");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(driver.findElement(row).getText()).contains("0 2 * * *").contains("ACTIVE").contains("0 runs");
        screenshot("schedules");
        driver.findElement(row).findElement(By.cssSelector("button[data-action=pause]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "PAUSED"));
        driver.findElement(row).findElement(By.cssSelector("button[data-action=resume]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "ACTIVE"));
    }

    @Test
    void aPersonRegistersATableSeesItsStatisticsAndStartsATrainingOnIt() throws Exception {
        String base = "http://localhost:" + port + "/";
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        String name = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        Path csv = Files.createTempFile("table", ".csv");
        Files.writeString(csv, com.pipelines.datasets.DatasetFixtures.csv(300, 4));
        driver.get(base + "#/datasets");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dataset-form")));
        driver.findElement(By.id("dataset-name")).sendKeys(name);
        driver.findElement(By.id("dataset-file")).sendKeys(csv.toAbsolutePath().toString());
        driver.findElement(By.id("register")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("features")));
        assertThat(driver.findElement(By.id("class-counts")).getText()).contains("high").contains("low").contains("mid");
        WebElement x2 = driver.findElement(By.cssSelector("tr[data-feature=x2]"));
        assertThat(x2.findElements(By.cssSelector("svg.hist rect"))).hasSize(20);
        assertThat(driver.findElement(By.cssSelector("tr[data-feature=color]")).getText()).contains("red");
        screenshot("dataset-table");
        driver.findElement(By.id("train-on")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-form")));
        wait.until(d -> (name + "@1").equals(d.findElement(By.id("param-dataset")).getAttribute("value")));
        wait.until(d -> new Select(d.findElement(By.id("param-modelType"))).getOptions().stream()
                .noneMatch(o -> o.getText().equals("cnn")));

        ApiClient api = new ApiClient(port);
        String pets = "pets-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postBytes("/api/v1/datasets?name=" + pets,
                com.pipelines.datasets.DatasetFixtures.imageZip("pets", 10, 2), "application/zip").status())
                .isEqualTo(201);
        driver.get(base + "#/datasets/" + pets);
        wait.until(d -> d.findElements(By.cssSelector("#samples img")).size() >= 8);
        assertThat(driver.findElement(By.id("samples")).getText()).contains("cat").contains("dog");
        driver.get(base + "#/datasets");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-dataset='" + pets + "']")));
        screenshot("datasets");
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(entry -> !entry.getMessage().contains("the server responded with a status of 400"))
                .toList();
        assertThat(severe).as("console errors").isEmpty();
    }

    @Test
    void aPersonMovesAnAliasWithAConfirmationAndWatchesABatchJobAndAnEndpointsTraffic() throws Exception {
        String base = "http://localhost:" + port + "/";
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        ApiClient api = new ApiClient(port);
        String dataset = "browser-models-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.postBytes("/api/v1/datasets?name=" + dataset, com.pipelines.datasets.DatasetFixtures
                .csv(300, 2).getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv").status()).isEqualTo(201);
        String model = "browser-model-" + UUID.randomUUID().toString().substring(0, 8);
        String endpoint = null;
        for (int seed = 1; seed <= 2; seed++) {
            UUID id = api.startRun("""
                    {"enableCaching": false, "parameterValues": {"dataset": "%s", "modelDisplayName": "%s",
                     "epochs": 5, "seed": %d}}""".formatted(dataset, model, seed));
            JsonNode run = api.awaitState(id, "SUCCEEDED", Duration.ofSeconds(120));
            endpoint = ApiClient.artifact(run, "vertex_endpoint").get("uri").asString();
        }
        driver.get(base + "#/models/" + model);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("model-versions")));
        assertThat(driver.findElement(By.cssSelector("tr[data-version='2']")).getText()).contains("default");
        driver.findElement(By.id("alias-name")).sendKeys("champion");
        new Select(driver.findElement(By.id("alias-version"))).selectByValue("1");
        driver.findElement(By.id("alias-move")).click();
        WebElement confirm = driver.findElement(By.id("alias-confirm"));
        assertThat(confirm.getText()).contains("champion").contains("version 1");
        confirm.click();
        wait.until(d -> d.findElements(By.cssSelector("tr[data-version='1'] [data-alias=champion]")).size() == 1);
        screenshot("model");

        String endpointId = endpoint.substring(endpoint.lastIndexOf('/') + 1);
        assertThat(api.send("PUT", "/api/v1/endpoints/" + endpointId + "/monitoring", "{\"samplingRate\": 1, "
                + "\"windowSize\": 20, \"driftThresholds\": {\"numeric\": 0.3, \"categorical\": 0.3}}",
                "Content-Type", "application/json").status()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/v1/" + endpoint + ":predict",
                    "{\"instances\": [{\"x1\": 1, \"x2\": 10, \"color\": \"red\"}]}").status()).isEqualTo(200);
        }
        driver.get(base + "#/endpoints");
        wait.until(d -> d.findElements(By.cssSelector("[data-stats]")).stream()
                .anyMatch(e -> e.getText().contains("5 requests")));
        assertThat(driver.findElements(By.cssSelector("[data-endpoint='" + endpointId + "'] canvas.digit")))
                .as("no drawing pad for a table model").isEmpty();
        wait.until(d -> d.findElements(By.cssSelector("[data-drift]")).stream()
                .anyMatch(e -> e.getText().contains("window 5") && e.getText().contains("(predicted class)")));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-drift-chart='" + endpointId + "'] .uplot")));
        screenshot("endpoint-traffic-and-drift");

        Path imports = Files.createDirectories(properties().dataDir().resolve("imports"));
        Path lines = imports.resolve("browser-" + UUID.randomUUID() + ".jsonl");
        Files.writeString(lines, "{\"x1\": 1, \"x2\": 10, \"color\": \"red\"}\n".repeat(50));
        ApiClient.Response job = api.post("/api/v1/batchPredictionJobs", """
                {"displayName": "browser-batch", "model": "%s@champion",
                 "inputConfig": {"instancesFormat": "jsonl", "gcsSource": {"uris": ["%s"]}},
                 "outputConfig": {"gcsDestination": {"outputUriPrefix": "%s"}}}"""
                .formatted(model, lines.toUri(), imports.resolve("out-" + UUID.randomUUID()).toUri()));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        driver.get(base + "#/batch");
        By row = By.cssSelector("tr[data-job='" + job.json().get("id").asString() + "']");
        wait.until(d -> !d.findElements(row).isEmpty() && d.findElement(row).getText().contains("SUCCEEDED")
                && d.findElement(row).getText().contains("50 / 50 lines"));
        screenshot("batch-jobs");
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(entry -> !entry.getMessage().contains("the server responded with a status of 400"))
                .toList();
        assertThat(severe).as("console errors").isEmpty();
    }

    @org.springframework.beans.factory.annotation.Autowired
    com.pipelines.PipelinesProperties pipelinesProperties;

    private com.pipelines.PipelinesProperties properties() {
        return pipelinesProperties;
    }

    @Test
    void anExperimentShowsItsRunsAndAParallelCoordinatesPlotKeptLiveByTheEventStream() throws Exception {
        String base = "http://localhost:" + port + "/";
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        ApiClient api = new ApiClient(port);
        String name = "browser-sweep-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/experiments", "{\"name\": \"" + name + "\"}").status()).isEqualTo(201);
        for (int millis : new int[] {100, 200}) {
            api.awaitState(api.startRun("{\"pipelineName\": \"" + TestPipelines.PIPELINE + "\", \"experiment\": \""
                    + name + "\", \"parameterValues\": {\"slowMillis\": " + millis + "}}"), "SUCCEEDED",
                    Duration.ofSeconds(60));
        }
        driver.get(base + "#/experiments");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-experiment='" + name + "'] a")))
                .click();
        wait.until(d -> d.findElements(By.cssSelector("#parallel-coordinates polyline")).size() == 2);
        assertThat(driver.findElements(By.cssSelector("#parallel-coordinates [data-axis]")).stream()
                .map(WebElement::getText).toList()).containsExactly("slowMillis", "acc");
        wait.until(d -> "on".equals(((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return document.body.dataset.live")));
        // a run started now appears without a reload: the page follows the experiment's events
        api.startRun("{\"pipelineName\": \"" + TestPipelines.PIPELINE + "\", \"experiment\": \"" + name
                + "\", \"parameterValues\": {\"slowMillis\": 300}}");
        wait.until(d -> d.findElements(By.cssSelector("#experiment-runs tbody tr")).size() == 3);
        wait.until(d -> d.findElements(By.cssSelector("#parallel-coordinates polyline")).size() == 3);
        screenshot("experiment");
    }

    @Test
    void aPersonCanUploadAPipelineSeeItsVersionsAndStartARunOfOne() throws Exception {
        String base = "http://localhost:" + port + "/";
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        java.nio.file.Path broken = java.nio.file.Files.createTempFile("broken", ".json");
        java.nio.file.Files.writeString(broken, "{\"schemaVersion\": \"2.1.0\"}");
        java.nio.file.Path spec = java.nio.file.Path.of("src/test/resources/pipelines/two-models.json").toAbsolutePath();
        String name = "browser-" + java.util.UUID.randomUUID().toString().substring(0, 8);

        driver.get(base + "#/pipelines");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-pipeline=compare-and-deploy]")));
        driver.findElement(By.id("spec-file")).sendKeys(broken.toString());
        driver.findElement(By.id("upload")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-result"), "$.root: is required"));

        driver.findElement(By.id("spec-file")).sendKeys(spec.toString());
        driver.findElement(By.id("upload-name")).sendKeys(name);
        driver.findElement(By.id("upload")).click();
        By row = By.cssSelector("tr[data-pipeline='" + name + "'] [data-version='1'] a");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        screenshot("pipelines");
        driver.findElement(row).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("param-min_accuracy")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains(name).contains("version 1");
    }

    @Test
    void aPersonCanRunCompareAndPredictFromTheDashboard() throws Exception {
        String base = "http://localhost:" + port + "/";
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));

        // A validation error from the API shows next to its field.
        driver.get(base + "#/new");
        WebElement epochs = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("param-epochs")));
        epochs.clear();
        epochs.sendKeys("0");
        driver.findElement(By.id("start")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-field=epochs] .error")));
        wait.until(d -> !error.getText().isBlank());
        assertThat(error.getText()).contains(">= 1");
        screenshot("new-run-invalid");

        // Start a small run from the form and watch it succeed with its loss chart.
        epochs.clear();
        epochs.sendKeys("2");
        WebElement dataset = driver.findElement(By.id("param-dataset"));
        assertThat(dataset.getAttribute("list")).isEqualTo("datasets-known");
        dataset.clear();
        dataset.sendKeys("fashion-mnist");
        driver.findElement(By.id("param-trainLimit")).sendKeys("600");
        driver.findElement(By.id("displayName")).sendKeys("browser-linear");
        driver.findElement(By.id("enableCaching")).click();
        screenshot("new-run");
        driver.findElement(By.id("start")).click();
        wait.until(ExpectedConditions.urlMatches("#/runs/[0-9a-f-]{36}$"));
        String firstId = driver.getCurrentUrl().substring(driver.getCurrentUrl().lastIndexOf('/') + 1);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("h1 [data-state=SUCCEEDED]")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#loss-chart .uplot")));
        assertThat(driver.findElement(By.cssSelector("[data-metric=acc]")).getText()).isNotBlank();
        assertThat(driver.findElement(By.id("endpoint-name")).getText()).contains("/endpoints/");
        assertThat(driver.findElements(By.cssSelector("tr[data-task] [data-state=SUCCEEDED]"))).hasSize(2);
        assertThat(driver.findElement(By.cssSelector("tr[data-task=load-data-and-training] [data-io=out]")).getText())
                .contains("accuracy=0.").contains("loss=");
        assertThat(driver.findElement(By.cssSelector("tr[data-task=load-data-and-training] [data-io=in]")).getText())
                .contains("trainLimit=600");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("svg.dag g.SUCCEEDED[data-node=deploy-model]")));
        assertThat(driver.findElements(By.cssSelector("svg.dag g.node"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("svg.dag path.edge.artifact"))).hasSize(1);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#confusion-matrix td[data-cell]")));
        List<WebElement> cells = driver.findElements(By.cssSelector("#confusion-matrix td[data-cell]"));
        assertThat(cells).hasSize(100);
        assertThat(cells.stream().mapToLong(c -> Long.parseLong(c.getText())).sum()).as("the whole test set")
                .isEqualTo(10_000);
        assertThat(driver.findElement(By.cssSelector("#confusion-matrix thead")).getText()).contains("Ankle boot");
        screenshot("run-detail");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()",
                driver.findElement(By.id("confusion-matrix")));
        screenshot("confusion-matrix");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");

        // A second run, then compare the two from the runs list.
        ApiClient api = new ApiClient(port);
        UUID second = api.startRun("""
                {"displayName": "browser-seed-7", "enableCaching": false, "parameterValues": {"dataset":
                 "fashion-mnist", "trainLimit": 600, "epochs": 2, "seed": 7}}""");
        api.awaitState(second, "SUCCEEDED", Duration.ofSeconds(90));
        driver.get(base + "#/runs?filter=" + java.net.URLEncoder.encode("displayName:\"browser-\"",
                java.nio.charset.StandardCharsets.UTF_8));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-run='" + second + "']")));
        screenshot("runs");
        driver.findElement(By.cssSelector("tr[data-run='" + firstId + "'] input[type=checkbox]")).click();
        WebElement box = driver.findElement(By.cssSelector("tr[data-run='" + second + "'] input[type=checkbox]"));
        box.click();
        Thread.sleep(2500); // the list refreshes every 2 s: rows are updated in place, focus stays
        assertThat(driver.switchTo().activeElement()).as("keyboard focus survives a refresh").isEqualTo(box);
        assertThat(box.isSelected()).isTrue();
        driver.findElement(By.id("compare-selected")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#compare-params tr.differs")));
        assertThat(driver.findElement(By.cssSelector("#compare-params tr.differs")).getAttribute("data-row"))
                .isIn("seed", "displayName");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#compare-charts .uplot")));
        assertThat(driver.findElements(By.cssSelector("#compare-charts .uplot"))).hasSize(2);
        screenshot("compare");

        // Draw a digit on the endpoint's canvas and get ten probabilities back.
        JsonNode run = api.run(UUID.fromString(firstId));
        String endpointId = ApiClient.artifact(run, "vertex_endpoint").get("uri").asString().replaceAll(".*/", "");
        driver.get(base + "#/endpoints");
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-endpoint='" + endpointId + "']")));
        // the pad comes once the page has read the model's lineage (an image model gets one)
        WebElement canvas = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(card,
                By.cssSelector("canvas.digit")));
        new Actions(driver).moveToElement(canvas, -10, -70).clickAndHold().moveByOffset(5, 40).moveByOffset(5, 40)
                .moveByOffset(5, 40).moveByOffset(0, 30).release().perform();
        card.findElement(By.cssSelector("button.predict")).click();
        WebElement bars = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#prediction-" + endpointId + "[data-best]")));
        assertThat(bars.findElements(By.cssSelector("[data-class]"))).hasSize(10);
        screenshot("endpoint-predict");

        // Keyboard: the first Tab lands on a link of the page.
        driver.get(base + "#/runs");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-run]")));
        driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(driver.switchTo().activeElement().getTagName()).isIn("a", "button", "input", "select");

        // Phone width: nothing wider than the screen.
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(base + "#/runs/" + firstId);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("h1 [data-state=SUCCEEDED]")));
        Object overflow = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(1);
        screenshot("run-detail-phone");
        driver.manage().window().setSize(new Dimension(1280, 900));

        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(entry -> !entry.getMessage().contains("the server responded with a status of 400"))
                .toList();
        assertThat(severe).as("console errors").isEmpty();
    }

    private static void screenshot(String name) throws Exception {
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
