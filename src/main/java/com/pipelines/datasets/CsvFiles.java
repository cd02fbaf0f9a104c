package com.pipelines.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** CSV files as spreadsheets write them: UTF-8, with the byte-order mark Excel puts first skipped. */
public final class CsvFiles {

    private CsvFiles() {
    }

    public static BufferedReader open(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }
}
