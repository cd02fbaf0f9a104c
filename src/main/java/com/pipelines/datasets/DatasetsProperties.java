package com.pipelines.datasets;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of datasets, bound from {@code pipelines.datasets.*}.
 *
 * @param maxUploadSize        the largest upload or source (the JSON API's own limit stays for everything else)
 * @param allowedRoots         folders a {@code file:} source (or a Vertex import file's image) may be read from;
 *                             {@code <data-dir>/imports} is always allowed
 * @param maxClasses           the most classes a dataset may have
 * @param maxZipEntries        entries of a zip, counted before anything is read
 * @param maxUnzippedSize      bytes inflated from a zip, counted while inflating
 * @param maxCompressionRatio  inflated ÷ compressed bytes of one entry (a decompression bomb goes far past it)
 * @param maxImagePixels       pixels of one image, checked before it is decoded
 * @param registerBuiltIns     register {@code mnist} and {@code fashion-mnist} at startup when their files are found
 *                             (otherwise on first use)
 * @param cacheSize            prepared datasets kept in memory for the next training
 */
@Validated
@ConfigurationProperties("pipelines.datasets")
public record DatasetsProperties(
        @DefaultValue("4GB") DataSize maxUploadSize,
        @DefaultValue("/usr/share/datasets") List<Path> allowedRoots,
        @Min(2) @Max(100_000) @DefaultValue("1000") int maxClasses,
        @Min(1) @DefaultValue("2000000") int maxZipEntries,
        @DefaultValue("16GB") DataSize maxUnzippedSize,
        @Min(2) @DefaultValue("200") int maxCompressionRatio,
        @Min(1) @DefaultValue("50000000") long maxImagePixels,
        @DefaultValue("false") boolean registerBuiltIns,
        @DefaultValue("1GB") DataSize cacheSize) {
}
