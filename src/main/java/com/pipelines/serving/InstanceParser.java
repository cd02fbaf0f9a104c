package com.pipelines.serving;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Base64;

import com.pipelines.datasets.DatasetSchema;
import com.pipelines.datasets.ImageInputs;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads Vertex's predict body {@code {"instances": [...], "parameters": {...}}} straight from the stream into one
 * float array, without boxing a float. What an instance is comes from the model's schema: for image models an
 * h×w (×c) nested array or a flat array of 0–1 pixels, or {@code {"b64": "<PNG or JPEG>"}}; for table models an
 * array of values in feature order or an object keyed by feature name (Vertex's tabular format: numbers as numbers
 * or strings, categories as strings, null or absent for missing). Every error names the instance (and value) at
 * fault and the shape expected. A body of up to 1 MB that is just flat pixel arrays under {@code "instances"} is read
 * by {@link FlatPixels} from its bytes (the same floats, bit for bit); any other body, and any it declines, by Jackson.
 */
final class InstanceParser {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(tools.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    record Instances(float[] values, int count) {
    }

    private InstanceParser() {
    }

    /** Bodies up to this size are read whole first, so that the common shape can take {@link FlatPixels}' path. */
    private static final int WHOLE_BODY = 1 << 20;

    static Instances parse(InputStream body, DatasetSchema schema, int maxInstances) throws IOException {
        byte[] head = body.readNBytes(WHOLE_BODY);
        if (head.length == WHOLE_BODY) {
            return parseWithJackson(new SequenceInputStream(new ByteArrayInputStream(head), body), schema,
                    maxInstances);
        }
        if (schema.isImageKind()) {
            Instances fast = FlatPixels.body(head, schema.image().pixels(), maxInstances);
            if (fast != null) {
                return fast;
            }
        }
        return parseWithJackson(new ByteArrayInputStream(head), schema, maxInstances);
    }

    /** The body read by Jackson alone, whatever its shape: every error names its place. */
    static Instances parseWithJackson(InputStream body, DatasetSchema schema, int maxInstances) throws IOException {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ServingException.badInstance("body", "must be a JSON object with 'instances'");
            }
            Instances instances = null;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "instances" -> instances = readInstances(parser, schema, maxInstances);
                    case "parameters" -> parser.skipChildren();
                    default -> throw ServingException.badInstance(field, "unknown field; expected 'instances' "
                            + "and optionally 'parameters'");
                }
            }
            if (instances == null) {
                throw ServingException.badInstance("instances", "is required");
            }
            return instances;
        } catch (JacksonException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException reading) {
                    throw reading;
                }
            }
            throw ServingException.badInstance("body", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        }
    }

    /**
     * One instance as a whole document (a line of a batch job's JSONL, UTF-8), written into {@code target} at
     * {@code offset}; a bad one is a {@link ServingException} naming {@code instance}. A flat array of plain pixels
     * takes {@link FlatPixels}' path; every other line, and any line that path declines, is read by Jackson.
     */
    static void parseOne(byte[] line, DatasetSchema schema, float[] target, int offset) {
        if (schema.isImageKind() && FlatPixels.read(line, schema.image().pixels(), target, offset)) {
            return;
        }
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), line)) {
            parser.nextToken();
            if (schema.isImageKind()) {
                readImage(parser, "instance", schema.image(), target, offset);
            } else {
                TabularInstance.read(parser, "instance", schema, target, offset);
            }
            if (parser.nextToken() != null) {
                throw ServingException.badInstance("instance", "has more after its value");
            }
        } catch (JacksonException e) {
            throw ServingException.badInstance("instance", "malformed JSON at column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw ServingException.badInstance("instance", e.getMessage());
        }
    }

    private static Instances readInstances(JsonParser parser, DatasetSchema schema, int max) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw ServingException.badInstance("instances", "must be an array");
        }
        int width = schema.width();
        float[] values = new float[Math.min(max, 64) * width];
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String name = "instances[" + count + "]";
            if (count == max) {
                throw ServingException.badInstance("instances", "at most " + max + " instances per request");
            }
            if (values.length < (count + 1) * width) {
                values = java.util.Arrays.copyOf(values, Math.min(max, count * 2) * width);
            }
            if (schema.isImageKind()) {
                readImage(parser, name, schema.image(), values, count * width);
            } else {
                TabularInstance.read(parser, name, schema, values, count * width);
            }
            count++;
        }
        if (count == 0) {
            throw ServingException.badInstance("instances", "must not be empty");
        }
        return new Instances(values, count);
    }

    private static String expected(DatasetSchema.ImageShape shape) {
        String dims = shape.channels() == 1 ? shape.height() + "x" + shape.width()
                : shape.height() + "x" + shape.width() + "x" + shape.channels();
        return "a " + dims + " or a " + shape.pixels() + " array of 0-1 pixels, or {\"b64\": PNG or JPEG}";
    }

    private static void readImage(JsonParser parser, String name, DatasetSchema.ImageShape shape, float[] pixels,
                                  int offset) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            readB64(parser, name, shape, pixels, offset);
            return;
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw ServingException.badInstance(name, "must be " + expected(shape));
        }
        JsonToken first = parser.nextToken();
        if (first == JsonToken.START_ARRAY) {
            readNested(parser, name, shape, pixels, offset, first);
            return;
        }
        int i = 0;
        for (JsonToken token = first; token != JsonToken.END_ARRAY; token = parser.nextToken(), i++) {
            if (i == shape.pixels()) {
                throw ServingException.badInstance(name, "must be " + expected(shape) + "; has more values");
            }
            float value = pixel(parser, token);
            if (value < 0) {
                throw badPixel(name + "[" + i + "]", value);
            }
            pixels[offset + i] = value;
        }
        if (i != shape.pixels()) {
            throw ServingException.badInstance(name, "must be " + expected(shape) + "; has " + i + " values");
        }
    }

    private static void readNested(JsonParser parser, String name, DatasetSchema.ImageShape shape, float[] pixels,
                                   int offset, JsonToken first) throws IOException {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int row = 0;
        for (JsonToken token = first; token != JsonToken.END_ARRAY; token = parser.nextToken(), row++) {
            if (row == h || token != JsonToken.START_ARRAY) {
                throw ServingException.badInstance(name, "must be " + h + " rows of " + w + " pixels ("
                        + expected(shape) + ")");
            }
            int col = 0;
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken(), col++) {
                if (col == w) {
                    throw ServingException.badInstance(name + "[" + row + "]", "must have " + w + " pixels");
                }
                int at = offset + (row * w + col) * c;
                if (c == 1) {
                    float value = pixel(parser, t);
                    if (value < 0) {
                        throw badPixel(name + "[" + row + "][" + col + "]", value);
                    }
                    pixels[at] = value;
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw ServingException.badInstance(name + "[" + row + "][" + col + "]", "must be " + c
                            + " channel values");
                }
                int k = 0;
                for (JsonToken v = parser.nextToken(); v != JsonToken.END_ARRAY; v = parser.nextToken(), k++) {
                    if (k == c) {
                        throw ServingException.badInstance(name + "[" + row + "][" + col + "]", "must be " + c
                                + " channel values");
                    }
                    float value = pixel(parser, v);
                    if (value < 0) {
                        throw badPixel(name + "[" + row + "][" + col + "][" + k + "]", value);
                    }
                    pixels[at + k] = value;
                }
                if (k != c) {
                    throw ServingException.badInstance(name + "[" + row + "][" + col + "]", "must be " + c
                            + " channel values, has " + k);
                }
            }
            if (col != w) {
                throw ServingException.badInstance(name + "[" + row + "]", "must have " + w + " pixels, has " + col);
            }
        }
        if (row != h) {
            throw ServingException.badInstance(name, "must have " + h + " rows, has " + row);
        }
    }

    private static void readB64(JsonParser parser, String name, DatasetSchema.ImageShape shape, float[] pixels,
                                int offset) throws IOException {
        byte[] bytes = null;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!"b64".equals(field) || value != JsonToken.VALUE_STRING) {
                throw ServingException.badInstance(name, "an image object must be {\"b64\": \"<base64 PNG or JPEG>\"}");
            }
            try {
                bytes = Base64.getDecoder().decode(parser.getString().trim());
            } catch (IllegalArgumentException e) {
                throw ServingException.badInstance(name + ".b64", "is not base64 (" + e.getMessage() + ")");
            }
        }
        if (bytes == null) {
            throw ServingException.badInstance(name, "an image object must be {\"b64\": \"<base64 PNG or JPEG>\"}");
        }
        try {
            ImageInputs.decode(bytes, shape, pixels, offset);
        } catch (IllegalArgumentException e) {
            throw ServingException.badInstance(name + ".b64", e.getMessage());
        }
    }

    private static final float NOT_A_NUMBER = -1f;
    private static final float OUT_OF_RANGE = -2f;

    /**
     * The pixel the parser is on, or {@link #NOT_A_NUMBER} / {@link #OUT_OF_RANGE}: the caller names the place only
     * when it is wrong — building a name for each of 784 pixels cost more than parsing them.
     */
    private static float pixel(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            return NOT_A_NUMBER;
        }
        float value = FastFloats.parse(parser.getStringCharacters(), parser.getStringOffset(),
                parser.getStringLength());
        if (Float.isNaN(value)) {
            value = parser.getFloatValue();
        }
        return value >= 0f && value <= 1f ? value : OUT_OF_RANGE;
    }

    private static ServingException badPixel(String place, float code) {
        return ServingException.badInstance(place, code == NOT_A_NUMBER ? "must be a number"
                : "must be a pixel between 0 and 1");
    }
}
