package com.pipelines.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.core.io.NumberOutput;
import tools.jackson.core.util.ByteArrayBuilder;

/**
 * A batch job's output lines as bytes, as Vertex writes them: {@code {"instance": <the input line as it came>,
 * "prediction": {"ids": […], "displayNames": […], "confidences": […]}}}, classes by descending confidence (ties in
 * class order). The classes' ids and names are encoded once per job; confidences are written by Jackson's
 * shortest-round-trip float writer. A line's prediction part is made on its own and its instance joins it only as the
 * file is written, so the 3.5 KB a line of an image is copied once, into the file's buffer.
 */
final class PredictionLines {

    private static final byte[] INSTANCE = ascii("{\"instance\":");
    private static final byte[] IDS = ascii(",\"prediction\":{\"ids\":[");
    private static final byte[] NAMES = ascii("],\"displayNames\":[");
    private static final byte[] CONFIDENCES = ascii("],\"confidences\":[");
    private static final byte[] END = ascii("]}}\n");

    private final byte[][] ids;
    private final byte[][] names;

    PredictionLines(List<String> classNames) {
        ids = new byte[classNames.size()][];
        names = new byte[classNames.size()][];
        for (int c = 0; c < classNames.size(); c++) {
            ids[c] = ascii("\"" + c + "\"");
            names[c] = ("\"" + BatchInput.escape(classNames.get(c)) + "\"").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** An output line: its opening, the instance as it came, then its prediction part. */
    static void writeLine(BatchOutput.Sink sink, byte[] instance, byte[] predictions, int from, int to)
            throws IOException {
        sink.put(INSTANCE, 0, INSTANCE.length);
        sink.put(instance, 0, instance.length);
        sink.put(predictions, from, to - from);
    }

    /** The part of an output line after its instance: {@code ,"prediction":{…}}} and the newline. */
    void appendPrediction(ByteArrayBuilder out, float[] probabilities, int offset) {
        int classes = ids.length;
        int[] order = byConfidence(probabilities, offset, classes);
        out.write(IDS);
        for (int c = 0; c < classes; c++) {
            if (c > 0) {
                out.append(',');
            }
            out.write(ids[order[c]]);
        }
        out.write(NAMES);
        for (int c = 0; c < classes; c++) {
            if (c > 0) {
                out.append(',');
            }
            out.write(names[order[c]]);
        }
        out.write(CONFIDENCES);
        for (int c = 0; c < classes; c++) {
            if (c > 0) {
                out.append(',');
            }
            String number = NumberOutput.toString(probabilities[offset + order[c]], true);
            for (int k = 0; k < number.length(); k++) {
                out.append(number.charAt(k));
            }
        }
        out.write(END);
    }

    /**
     * Class indices by descending probability (as {@link Float#compare} orders them); an insertion sort keeps equal
     * ones in class order. Online {@code :predict} answers order their classes with it too.
     */
    static int[] byConfidence(float[] probabilities, int offset, int classes) {
        int[] order = new int[classes];
        for (int c = 0; c < classes; c++) {
            float p = probabilities[offset + c];
            int k = c;
            while (k > 0 && Float.compare(probabilities[offset + order[k - 1]], p) < 0) {
                order[k] = order[k - 1];
                k--;
            }
            order[k] = c;
        }
        return order;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
