package com.pipelines.serving;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path for the commonest input of an image model — a batch line that is exactly a flat JSON array of 0–1
 * pixels written as plain decimals ({@code [0,0.0039,1,…]}), or a {@code :predict} body that is just such arrays
 * under {@code "instances"} — read straight from the bytes. Each number is its digits as an exact integer over an
 * exact power of ten — one correctly rounded division, so the value is bit for bit what {@link Float#parseFloat}
 * (and Jackson) give. Four zeros in a row ({@code 0,0,0,0,}, an image's background) are told by one 8-byte
 * comparison, and a "0." or "1." number's decimals are found and summed eight bytes at a time. Anything else —
 * whitespace aside — is declined ({@code false}, or null for a body) without a judgement: nested rows, {@code b64},
 * {@code "parameters"}, exponents, more than 7 significant digits, a value out of range, too many instances or JSON
 * that is wrong; the caller then reads it with Jackson, which accepts it or names what is wrong.
 */
final class FlatPixels {

    private FlatPixels() {
    }

    static boolean read(byte[] line, int pixels, float[] target, int offset) {
        int end = array(line, space(line, 0), pixels, target, offset);
        return end >= 0 && space(line, end) == line.length;
    }

    /**
     * The whole body of a {@code :predict} request when it is just {@code {"instances": [<flat array>, …]}} with at
     * most {@code max} arrays; null for any other body, which the caller reads with Jackson.
     */
    static InstanceParser.Instances body(byte[] body, int pixels, int max) {
        int n = body.length;
        int i = space(body, 0);
        if (i == n || body[i] != '{') {
            return null;
        }
        i = space(body, i + 1);
        if (!Arrays.equals(body, i, Math.min(n, i + INSTANCES.length), INSTANCES, 0, INSTANCES.length)) {
            return null;
        }
        i = space(body, i + INSTANCES.length);
        if (i == n || body[i] != ':') {
            return null;
        }
        i = space(body, i + 1);
        if (i == n || body[i] != '[') {
            return null;
        }
        float[] values = new float[Math.min(max, 4) * pixels];
        int count = 0;
        do {
            if (count == max) {
                return null;
            }
            if (values.length < (count + 1) * pixels) {
                values = Arrays.copyOf(values, Math.min(max, count * 2) * pixels);
            }
            i = array(body, space(body, i + 1), pixels, values, count * pixels);
            if (i < 0) {
                return null;
            }
            count++;
            i = space(body, i);
        } while (i < n && body[i] == ',');
        if (i == n || body[i] != ']') {
            return null;
        }
        i = space(body, i + 1);
        if (i == n || body[i] != '}' || space(body, i + 1) != n) {
            return null;
        }
        return new InstanceParser.Instances(values, count);
    }

    private static final byte[] INSTANCES = "\"instances\"".getBytes(StandardCharsets.US_ASCII);

    /** A flat array of {@code pixels} plain decimals in [0, 1] starting at {@code i}: the index after it, or -1. */
    private static int array(byte[] line, int i, int pixels, float[] target, int offset) {
        int end = line.length;
        if (i >= end || line[i] != '[') {
            return -1;
        }
        for (int count = 0; count < pixels; count++) {
            i++;
            if (i < end && line[i] <= ' ') {
                i = space(line, i);
            }
            if (i >= end) {
                return -1;
            }
            if (count + 4 < pixels && i + Long.BYTES <= end && (long) WORDS.get(line, i) == FOUR_ZEROS) {
                // an image's background: four zero pixels and their commas told by one comparison
                Arrays.fill(target, offset + count, offset + count + 4, 0f);
                count += 3;
                i += 7;
                continue;
            }
            i = number(line, i, target, offset + count);
            if (i < 0) {
                return -1;
            }
            if (i < end && line[i] <= ' ') {
                i = space(line, i);
            }
            if (i == end || line[i] != (count == pixels - 1 ? ']' : ',')) {
                return -1;
            }
        }
        return i + 1;
    }

    /** A plain decimal in [0, 1] at {@code i}, stored at {@code target[at]}: the index after it, or -1. */
    private static int number(byte[] line, int i, float[] target, int at) {
        int end = line.length;
        byte c = line[i];
        if (c == '0' && (i + 1 == end || line[i + 1] != '.')) {
            target[at] = 0f;
            return i + 1;
        }
        int decimals;
        if ((c == '0' || c == '1') && i + 2 + Long.BYTES <= end && line[i + 1] == '.'
                && (decimals = leadingDigits((long) WORDS.get(line, i + 2))) > 0 && decimals + (c - '0') <= 7) {
            // "0." or "1." and up to seven decimals: where they end and what they are, from one 8-byte word
            long fraction = eightDigits((long) WORDS.get(line, i + 2) - ZEROS << (Long.SIZE - 8 * decimals));
            long mantissa = c == '1' ? TENS[decimals] + fraction : fraction;
            float value = mantissa == 0 ? 0f : mantissa / FastFloats.POWERS[decimals];
            if (value > 1f) {
                return -1;
            }
            target[at] = value;
            return i + 2 + decimals;
        }
        return digitByDigit(line, i, target, at);
    }

    private static int digitByDigit(byte[] line, int i, float[] target, int at) {
        int end = line.length;
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        byte c = line[i];
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            for (; i < end && (c = line[i]) >= '0' && c <= '9'; i++) {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
            }
        } else {
            return -1;
        }
        if (i < end && line[i] == '.') {
            int first = ++i;
            for (; i < end && (c = line[i]) >= '0' && c <= '9'; i++) {
                if (mantissa != 0 || c != '0') {
                    mantissa = mantissa * 10 + (c - '0');
                    digits++;
                }
                scale++;
            }
            if (i == first) {
                return -1;
            }
        }
        if (digits > 7 || scale >= FastFloats.POWERS.length) {
            return -1;
        }
        float value = mantissa == 0 ? 0f : mantissa / FastFloats.POWERS[scale];
        if (value > 1f) {
            return -1;
        }
        target[at] = value;
        return i;
    }

    /** How many of a word's bytes, the first in the lowest, are ASCII digits before one that is not: 0 to 8. */
    static int leadingDigits(long bytes) {
        long t = bytes ^ ZEROS;
        // a byte's top bit ends up set unless it was '0'…'9'; a carry out of a byte can only mark bytes above it
        long notDigit = ((t + 0x7676767676767676L) | t) & 0x8080808080808080L;
        return Long.numberOfTrailingZeros(notDigit) >>> 3;
    }

    /** Eight digit values 0–9, the most significant in the lowest byte, as one number (Lemire's SWAR method). */
    static long eightDigits(long digits) {
        long pairs = digits * 10 + (digits >>> 8);
        return (((pairs & 0x000000FF000000FFL) * (100 + (1_000_000L << 32)))
                + (((pairs >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32)))) >>> 32;
    }

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L;
    private static final long FOUR_ZEROS = 0x2C302C302C302C30L;
    private static final long[] TENS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};

    private static int space(byte[] line, int i) {
        while (i < line.length) {
            byte c = line[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return i;
            }
            i++;
        }
        return i;
    }
}
