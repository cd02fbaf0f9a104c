package com.pipelines.serving;

import java.io.IOException;
import java.io.InputStream;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads Vertex's predict body {@code {"instances": [...], "parameters": {...}}} straight from the stream into one
 * float array, without boxing a float: an instance is a 28×28 array or a flat 784 array of 0–1 pixels. Every
 * error names the instance (and pixel) at fault.
 */
final class InstanceParser {

    static final int PIXELS = 784;
    private static final JsonFactory JSON = new JsonFactory();

    record Instances(float[] pixels, int count) {
    }

    private InstanceParser() {
    }

    static Instances parse(InputStream body, int maxInstances) throws IOException {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ServingException.badInstance("body", "must be a JSON object with 'instances'");
            }
            Instances instances = null;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "instances" -> instances = readInstances(parser, maxInstances);
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

    private static Instances readInstances(JsonParser parser, int max) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw ServingException.badInstance("instances", "must be an array");
        }
        float[] pixels = new float[Math.min(max, 64) * PIXELS];
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String name = "instances[" + count + "]";
            if (count == max) {
                throw ServingException.badInstance("instances", "at most " + max + " instances per request");
            }
            if (pixels.length < (count + 1) * PIXELS) {
                pixels = java.util.Arrays.copyOf(pixels, Math.min(max, count * 2) * PIXELS);
            }
            readInstance(parser, name, pixels, count * PIXELS);
            count++;
        }
        if (count == 0) {
            throw ServingException.badInstance("instances", "must not be empty");
        }
        return new Instances(pixels, count);
    }

    private static void readInstance(JsonParser parser, String name, float[] pixels, int offset) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw ServingException.badInstance(name, "must be a 28x28 or a 784 array of numbers");
        }
        JsonToken first = parser.nextToken();
        if (first == JsonToken.START_ARRAY) {
            int row = 0;
            for (JsonToken token = first; token != JsonToken.END_ARRAY; token = parser.nextToken(), row++) {
                if (row == 28 || token != JsonToken.START_ARRAY) {
                    throw ServingException.badInstance(name, "must be 28 rows of 28 pixels");
                }
                int col = 0;
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken(), col++) {
                    if (col == 28) {
                        throw ServingException.badInstance(name + "[" + row + "]", "must have 28 pixels");
                    }
                    pixels[offset + row * 28 + col] = pixel(parser, t, name + "[" + row + "][" + col + "]");
                }
                if (col != 28) {
                    throw ServingException.badInstance(name + "[" + row + "]", "must have 28 pixels, has " + col);
                }
            }
            if (row != 28) {
                throw ServingException.badInstance(name, "must have 28 rows, has " + row);
            }
            return;
        }
        int i = 0;
        for (JsonToken token = first; token != JsonToken.END_ARRAY; token = parser.nextToken(), i++) {
            if (i == PIXELS) {
                throw ServingException.badInstance(name, "must have 784 pixels");
            }
            pixels[offset + i] = pixel(parser, token, name + "[" + i + "]");
        }
        if (i != PIXELS) {
            throw ServingException.badInstance(name, "must be a 28x28 or a 784 array, has " + i + " values");
        }
    }

    private static float pixel(JsonParser parser, JsonToken token, String name) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw ServingException.badInstance(name, "must be a number");
        }
        float value = parser.getFloatValue();
        if (!(value >= 0f && value <= 1f)) {
            throw ServingException.badInstance(name, "must be a pixel between 0 and 1");
        }
        return value;
    }
}
