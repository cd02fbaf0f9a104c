package com.pipelines.datasets;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Datasets as versioned resources: register from an upload or a uri, list, show, delete an unused version. */
@Tag(name = "Datasets", description = "Register CSV tables, image folders, IDX files and Vertex import files as "
        + "immutable, content-addressed dataset versions")
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetController {

    private final DatasetRegistry registry;
    private final DatasetSources sources;
    private final DatasetCatalog catalog;

    DatasetController(DatasetRegistry registry, DatasetSources sources, DatasetCatalog catalog) {
        this.registry = registry;
        this.sources = sources;
        this.catalog = catalog;
    }

    @Operation(operationId = "registerDatasetUpload", summary = "Register a dataset version from an upload "
            + "(multipart: a 'file' part and the options as fields)")
    @ApiResponse(responseCode = "201", description = "A new version")
    @ApiResponse(responseCode = "200", description = "These bytes with these options are already this version")
    @ApiResponse(responseCode = "400", description = "Invalid content or options, named (nothing is registered)")
    @ApiResponse(responseCode = "413", description = "Larger than pipelines.datasets.max-upload-size")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DatasetView> upload(@RequestParam String name, @RequestPart("file") MultipartFile file,
                                       @RequestParam(required = false) String format,
                                       @RequestParam(required = false) String labelColumn,
                                       @RequestParam(required = false) List<String> categoricalColumns,
                                       @RequestParam(required = false) Double validationFraction,
                                       @RequestParam(required = false) Double testFraction,
                                       @RequestParam(required = false) Long seed,
                                       @RequestParam(required = false) String imageSize,
                                       @RequestParam(required = false) String splitColumn,
                                       @RequestParam(required = false) String description) throws IOException {
        DatasetRegistry.checkName(name);
        String chosen = format != null ? format : formatOf(file.getContentType(), file.getOriginalFilename());
        DatasetOptions options = new DatasetOptions(chosen, labelColumn, categoricalColumns, validationFraction,
                testFraction, seed, imageSize, splitColumn);
        options.resolved();
        try (StagedSource staged = sources.upload(file.getInputStream(), "upload:" + file.getOriginalFilename())) {
            return answer(registry.register(name, description, options, staged, null));
        }
    }

    @Operation(operationId = "registerDatasetRaw", summary = "Register a dataset version from the raw file as the "
            + "body (text/csv, application/zip, application/x-ndjson); options as query parameters")
    @PostMapping(consumes = {"text/csv", "application/zip", "application/x-zip-compressed", "application/x-ndjson",
            "application/jsonl", "application/octet-stream"}, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DatasetView> raw(@RequestParam String name,
                                    @RequestHeader(name = "Content-Type") String contentType,
                                    @RequestParam(required = false) String format,
                                    @RequestParam(required = false) String labelColumn,
                                    @RequestParam(required = false) List<String> categoricalColumns,
                                    @RequestParam(required = false) Double validationFraction,
                                    @RequestParam(required = false) Double testFraction,
                                    @RequestParam(required = false) Long seed,
                                    @RequestParam(required = false) String imageSize,
                                    @RequestParam(required = false) String splitColumn,
                                    @RequestParam(required = false) String description,
                                    HttpServletRequest request) throws IOException {
        DatasetRegistry.checkName(name);
        DatasetOptions options = new DatasetOptions(format != null ? format : formatOf(contentType, null),
                labelColumn, categoricalColumns, validationFraction, testFraction, seed, imageSize, splitColumn);
        options.resolved();
        try (StagedSource staged = sources.upload(request.getInputStream(), "upload:" + contentType)) {
            return answer(registry.register(name, description, options, staged, null));
        }
    }

    @Operation(operationId = "registerDatasetFromUri", summary = "Register a dataset version from a uri: file: "
            + "below pipelines.datasets.allowed-roots, s3:// or gs://")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DatasetView> fromUri(@RequestBody RegisterDatasetRequest request) throws IOException {
        DatasetRegistry.checkName(request.name());
        DatasetOptions options = request.options();
        if (options.format() == null) {
            options = options.withFormat(formatOf(null, request.sourceUri()));
        }
        options.resolved();
        try (StagedSource staged = sources.open(request.sourceUri())) {
            return answer(registry.register(request.name(), request.description(), options, staged, null));
        }
    }

    @Operation(operationId = "listDatasets", summary = "Datasets and their versions, newest first")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    List<DatasetSummary> list() {
        return catalog.list();
    }

    @Operation(operationId = "getDataset", summary = "One dataset and its versions")
    @ApiResponse(responseCode = "200", description = "The dataset", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such dataset")
    @GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    DatasetSummary get(@PathVariable String name) {
        return catalog.dataset(name);
    }

    @Operation(operationId = "getDatasetVersion", summary = "One version: schema, splits and statistics")
    @ApiResponse(responseCode = "200", description = "The version", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No such version")
    @GetMapping(path = "/{name}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    DatasetView version(@PathVariable String name, @PathVariable int version) {
        return catalog.version(name, version);
    }

    @Operation(operationId = "getDatasetSamples", summary = "Sample images of an image dataset version as PNG data "
            + "uris, with their class")
    @GetMapping(path = "/{name}/versions/{version}/samples", produces = MediaType.APPLICATION_JSON_VALUE)
    List<DatasetCatalog.Sample> samples(@PathVariable String name, @PathVariable int version,
                                        @Parameter(description = "train, validation or test")
                                        @RequestParam(defaultValue = "train") String split,
                                        @RequestParam(defaultValue = "24") int count) {
        return catalog.samples(name, version, split, Math.max(1, Math.min(count, 100)));
    }

    @Operation(operationId = "deleteDatasetVersion", summary = "Delete a version no run has read")
    @ApiResponse(responseCode = "204", description = "Deleted, with its stored rows")
    @ApiResponse(responseCode = "409", description = "A run read it; the problem names the run")
    @DeleteMapping("/{name}/versions/{version}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name, @PathVariable int version) {
        catalog.delete(name, version);
    }

    private ResponseEntity<DatasetView> answer(DatasetRegistry.Registered registered) {
        DatasetView view = catalog.view(registered.version(), true);
        if (!registered.created()) {
            return ResponseEntity.ok(view);
        }
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + view.name() + "/versions/" + view.version()))
                .body(view);
    }

    /** The format a content type or a file name implies, or null (then {@code format} must be given). */
    static String formatOf(String contentType, String fileName) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String file = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/csv") || file.endsWith(".csv")) {
            return "csv";
        }
        if (type.contains("ndjson") || type.contains("jsonl") || file.endsWith(".jsonl")) {
            return "vertex-jsonl";
        }
        if (type.contains("zip") || file.endsWith(".zip") || file.endsWith("/")) {
            return "images";
        }
        return null;
    }
}
