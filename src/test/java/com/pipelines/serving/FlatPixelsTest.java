package com.pipelines.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import com.pipelines.datasets.DatasetSchema;
import org.junit.jupiter.api.Test;

/**
 * The batch fast path for flat pixel arrays takes a line only when Jackson would read it to the same floats, bit for
 * bit; every other line it declines, and the line's outcome (values or error) is what the Jackson path gives.
 */
class FlatPixelsTest {

    private static final DatasetSchema FOUR = new DatasetSchema(DatasetSchema.IMAGE, List.of(),
            new DatasetSchema.ImageShape(2, 2, 1), List.of("a", "b"), "label");
    private static final DatasetSchema SIXTEEN = new DatasetSchema(DatasetSchema.IMAGE, List.of(),
            new DatasetSchema.ImageShape(4, 4, 1), List.of("a", "b"), "label");

    @Test
    void readsPlainDecimalsBitForBitAsFloatParseFloat() {
        Random random = new Random(11);
        float[] values = new float[4];
        for (int i = 0; i < 50_000; i++) {
            String[] numbers = new String[4];
            for (int k = 0; k < 4; k++) {
                double value = random.nextDouble();
                numbers[k] = switch (random.nextInt(5)) {
                    case 0 -> String.format(Locale.ROOT, "%.4g", random.nextInt(256) / 255.0);
                    case 1 -> String.format(Locale.ROOT, "%.7f", value);
                    case 2 -> String.format(Locale.ROOT, "%.6f", value);
                    case 3 -> random.nextBoolean() ? "0" : "1";
                    default -> String.format(Locale.ROOT, "%." + (1 + random.nextInt(6)) + "f", value);
                };
            }
            String line = "[" + String.join(",", numbers) + "]";
            assertThat(FlatPixels.read(bytes(line), 4, values, 0)).as(line).isTrue();
            for (int k = 0; k < 4; k++) {
                assertThat(Float.floatToIntBits(values[k])).as(line)
                        .isEqualTo(Float.floatToIntBits(Float.parseFloat(numbers[k])));
            }
        }
        assertThat(FlatPixels.read(bytes(" [ 0 ,\t1.0 , 0.25,0.000001 ] \r"), 4, values, 0)).isTrue();
        assertThat(values).containsExactly(0f, 1f, 0.25f, 0.000001f);
    }

    @Test
    void runsOfZerosAndWordWiseDecimalsGiveJacksonsFloatsWhereverTheyFallInALine() {
        String[] valid = {"0", "1", "0.5", "1.0", "0.25", "0.003922", "0.1234567", "0.9999999", "1.000000",
            "0.0000000", "0.00000000", "0.0000001", "1.000", "0.50196"};
        String[] other = {"0.12345678", "1.0000000", "1.5", "0.", "00", "01", "1.0000001", "0.5e0", "-0", ".5", "2"};
        Random random = new Random(17);
        int fast = 0;
        for (int round = 0; round < 20_000; round++) {
            // an image's rows: zeros in runs of any length at any place, among decimals of every width
            String[] numbers = new String[16];
            boolean allValid = true;
            for (int k = 0; k < 16; k++) {
                int pick = random.nextInt(20);
                if (pick < 10) {
                    numbers[k] = "0";
                } else if (pick < 18) {
                    numbers[k] = random.nextBoolean() ? valid[random.nextInt(valid.length)]
                            : String.format(Locale.ROOT, "%." + (1 + random.nextInt(7)) + "f", random.nextDouble());
                } else {
                    numbers[k] = other[random.nextInt(other.length)];
                    allValid = false;
                }
            }
            String line = "[" + String.join(random.nextInt(8) == 0 ? ", " : ",", numbers) + "]";
            if (round % 2 == 1) {
                line = mutate(line, random);
                allValid = false;
            }
            float[] viaFast = new float[16];
            boolean took = FlatPixels.read(bytes(line), 16, viaFast, 0);
            Object viaJackson = jackson(line, SIXTEEN);
            assertThat(describe(batch(line, SIXTEEN))).as("line %s", line).isEqualTo(describe(viaJackson));
            if (took) {
                fast++;
                assertThat(describe(viaFast)).as("the fast path read %s otherwise than Jackson", line)
                        .isEqualTo(describe(viaJackson));
            }
            if (allValid && !numbers[0].equals("0.00000000") && java.util.Arrays.stream(numbers).allMatch(
                    number -> number.replace(".", "").replaceFirst("^0+", "").length() <= 7)) {
                assertThat(took).as("a line of plain decimals the fast path must read: %s", line).isTrue();
                for (int k = 0; k < 16; k++) {
                    assertThat(Float.floatToIntBits(viaFast[k])).as(line)
                            .isEqualTo(Float.floatToIntBits(Float.parseFloat(numbers[k])));
                }
            }
        }
        assertThat(fast).isGreaterThan(1_000);
    }

    @Test
    void declinesWhatItDoesNotReadAndTheLineGetsJacksonsAnswer() {
        String[] lines = {"[0,1,0.5,0.25]", "[0,1,0.5]", "[0,1,0.5,0.25,0]", "[0,1,0.5,]", "[0,1,0.5,0.25",
            "[01,1,0.5,0.25]", "[.5,1,0.5,0.25]", "[1.,1,0.5,0.25]", "[-0,1,0.5,0.25]", "[-0.5,1,0.5,0.25]",
            "[1e-3,1,0.5,0.25]", "[1E0,1,0.5,0.25]", "[2,1,0.5,0.25]", "[1.0000001,1,0.5,0.25]",
            "[0.50196081,1,0.5,0.25]", "[[0,1],[0.5,0.25]]", "{\"b64\": \"nope\"}", "[0,1,0.5,0.25] x",
            "[0,1,0.5,0.25]]", "[0,NaN,0.5,0.25]", "[0,\"1\",0.5,0.25]", "[0;1;0.5;0.25]", "", "[]", "null",
            "[0,1,0.5,0.25]\u00a0", "\ufeff[0,1,0.5,0.25]", "[0,1,0.5,00]", "[0.0000000000001,1,0.5,0.25]"};
        Random random = new Random(3);
        int fast = 0;
        for (int round = 0; round < 4_000; round++) {
            String line = round < lines.length ? lines[round] : mutate(lines[random.nextInt(lines.length)], random);
            float[] viaFast = new float[4];
            boolean took = FlatPixels.read(bytes(line), 4, viaFast, 0);
            // Jackson skips a byte order mark that begins a document (the first line of a file saved with one)
            Object viaJackson = jackson(line.startsWith("\ufeff") ? line.substring(1) : line);
            Object viaBatch = batch(line);
            assertThat(describe(viaBatch)).as("line %s", line).isEqualTo(describe(viaJackson));
            if (took) {
                fast++;
                assertThat(viaJackson).as("the fast path took a line Jackson refuses: %s", line).isInstanceOf(float[].class);
                assertThat(describe(viaFast)).as(line).isEqualTo(describe(viaJackson));
            }
        }
        assertThat(fast).isPositive();
        assertThat(FlatPixels.read(bytes("[0,1,0.5,0.25]"), 4, new float[4], 0)).isTrue();
        for (String declined : new String[] {"[1e-3,1,0.5,0.25]", "[-0,1,0.5,0.25]", "[0.50196081,1,0.5,0.25]",
            "[[0,1],[0.5,0.25]]", "[01,1,0.5,0.25]", "[2,1,0.5,0.25]"}) {
            assertThat(FlatPixels.read(bytes(declined), 4, new float[4], 0)).as(declined).isFalse();
        }
    }

    @Test
    void aPredictBodyOfFlatArraysIsReadAsJacksonReadsItAndAnyOtherBodyByJackson() {
        String[] bodies = {"{\"instances\": [[0,1,0.5,0.25]]}", " {\n \"instances\" :[ [0,1,0.5,0.25] , [1,1,1,1] ] } ",
            "{\"instances\": [[0,1,0.5,0.25], [0,0,0,0], [1,0,1,0]]}", "{\"instances\": []}",
            "{\"instances\": [[0,1,0.5,0.25]], \"parameters\": {}}", "{\"parameters\": {}, \"instances\": [[0,1,0,1]]}",
            "{\"instances\": [[[0,1],[0.5,0.25]]]}", "{\"instances\": [{\"b64\": \"x\"}]}", "{\"instance\": [[0,1,0,1]]}",
            "{\"instances\": [[0,1,0.5,0.25]]", "{\"instances\": [[0,1,0.5,0.25]]} {}", "{\"instances\": [[0,1,0.5,2]]}",
            "{\"instances\": [[0,1,0.5,0.25],]}", "{\"instances\": [[0,1,0.5,0.25]] ,}", "[[0,1,0.5,0.25]]", ""};
        Random random = new Random(5);
        int fast = 0;
        for (int round = 0; round < 6_000; round++) {
            String body = round < bodies.length ? bodies[round] : mutate(bodies[random.nextInt(bodies.length)], random);
            byte[] bytes = bytes(body);
            InstanceParser.Instances quick = FlatPixels.body(bytes, 4, 2);
            Object viaParse = outcome(() -> InstanceParser.parse(new ByteArrayInputStream(bytes), FOUR, 2));
            Object viaJackson = outcome(() -> InstanceParser.parseWithJackson(new ByteArrayInputStream(bytes), FOUR, 2));
            assertThat(viaParse).as("body %s", body).isEqualTo(viaJackson);
            if (quick != null) {
                fast++;
                assertThat(outcome(() -> quick)).as("the fast path took a body Jackson reads otherwise: %s", body)
                        .isEqualTo(viaJackson);
            }
        }
        assertThat(fast).isPositive();
        assertThat(FlatPixels.body(bytes(bodies[1]), 4, 2).count()).isEqualTo(2);
        assertThat(FlatPixels.body(bytes(bodies[2]), 4, 2)).as("more than the most instances: Jackson says so").isNull();
        assertThat(FlatPixels.body(bytes(bodies[4]), 4, 2)).as("parameters: read by Jackson").isNull();
    }

    private interface Read {
        InstanceParser.Instances read() throws java.io.IOException;
    }

    /** What a body reads to: its count and values bit for bit, or the problem's text. */
    private static String outcome(Read read) {
        try {
            InstanceParser.Instances instances = read.read();
            return instances.count() + ": " + describe(java.util.Arrays.copyOf(instances.values(), instances.count() * 4));
        } catch (ServingException e) {
            return "error: " + e.getBody().getDetail();
        } catch (java.io.IOException e) {
            return "io: " + e.getMessage();
        }
    }

    private static String mutate(String line, Random random) {
        if (line.isEmpty()) {
            return "[";
        }
        StringBuilder text = new StringBuilder(line);
        int at = random.nextInt(text.length());
        String pieces = "0123456789.,[]-eE \"";
        switch (random.nextInt(3)) {
            case 0 -> text.deleteCharAt(at);
            case 1 -> text.insert(at, pieces.charAt(random.nextInt(pieces.length())));
            default -> text.setCharAt(at, pieces.charAt(random.nextInt(pieces.length())));
        }
        return text.toString();
    }

    /** A batch line's outcome: the parsed values, or the error's text. */
    private static Object batch(String line) {
        return batch(line, FOUR);
    }

    private static Object batch(String line, DatasetSchema schema) {
        float[] values = new float[schema.width()];
        try {
            InstanceParser.parseOne(bytes(line), schema, values, 0);
            return values;
        } catch (ServingException e) {
            return "error";
        }
    }

    /** The same instance through the online parser, which always reads with Jackson. */
    private static Object jackson(String line) {
        return jackson(line, FOUR);
    }

    private static Object jackson(String line, DatasetSchema schema) {
        try {
            byte[] body = ("{\"instances\": [" + line + "]}").getBytes(StandardCharsets.UTF_8);
            InstanceParser.Instances read = InstanceParser.parseWithJackson(new ByteArrayInputStream(body), schema, 2);
            return read.count() == 1 ? java.util.Arrays.copyOf(read.values(), schema.width()) : "error";
        } catch (ServingException | java.io.IOException e) {
            return "error";
        }
    }

    private static String describe(Object outcome) {
        if (outcome instanceof float[] values) {
            StringBuilder bits = new StringBuilder();
            for (float value : values) {
                bits.append(Integer.toHexString(Float.floatToIntBits(value))).append(' ');
            }
            return bits.toString();
        }
        return outcome.toString();
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }
}
