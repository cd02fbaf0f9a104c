package com.pipelines.serving;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

import tools.jackson.core.util.ByteArrayBuilder;

/**
 * A scored chunk of a batch job: its input lines, which of them were scored, their prediction parts (made on both
 * cores, a few hundred bytes a line) and its error lines. Its predictions file is written from these pieces.
 */
final class ScoredChunk {

    private final List<byte[]> lines;
    private final int[] scored;
    private final List<Part> parts;
    private final byte[] errors;

    /** The prediction parts of scored lines {@code from … to-1}, one after another; {@code ends[k]} ends line k's. */
    private record Part(int from, byte[] predictions, int[] ends) {
    }

    private ScoredChunk(List<byte[]> lines, int[] scored, List<Part> parts, byte[] errors) {
        this.lines = lines;
        this.scored = scored;
        this.parts = parts;
        this.errors = errors;
    }

    /**
     * Formats the predictions of the {@code count} scored lines ({@code scored[k]} is the line of prediction k, whose
     * class probabilities start at {@code k · classes}).
     */
    static ScoredChunk format(List<byte[]> lines, int[] scored, int count, float[] probabilities,
                              PredictionLines output, int classes, byte[] errors) {
        int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), count / 256));
        List<Part> formatted = IntStream.range(0, parts).parallel().mapToObj(part -> {
            int from = (int) ((long) count * part / parts);
            int to = (int) ((long) count * (part + 1) / parts);
            ByteArrayBuilder out = new ByteArrayBuilder((to - from + 1) * (classes * 48 + 64));
            int[] ends = new int[to - from];
            for (int k = from; k < to; k++) {
                output.appendPrediction(out, probabilities, k * classes);
                ends[k - from] = out.size();
            }
            return new Part(from, out.toByteArray(), ends);
        }).toList();
        return new ScoredChunk(lines, scored, formatted, errors);
    }

    /** The chunk's predictions file: each scored line's instance as it came, then its prediction part. */
    void writePredictions(BatchOutput.Sink sink) throws IOException {
        for (Part part : parts) {
            int start = 0;
            for (int k = 0; k < part.ends().length; k++) {
                byte[] instance = lines.get(scored[part.from() + k]);
                PredictionLines.writeLine(sink, instance, part.predictions(), start, part.ends()[k]);
                start = part.ends()[k];
            }
        }
    }

    byte[] errors() {
        return errors;
    }

    int errorLines() {
        return lines.size() - parts.stream().mapToInt(part -> part.ends().length).sum();
    }
}
