package com.pipelines.serving;

/**
 * The fast path for the commonest batch line of an image model: exactly a flat JSON array of 0–1 pixels written as
 * plain decimals ({@code [0,0.0039,1,…]}), read straight from the line's bytes. Each number is its digits as an exact
 * integer over an exact power of ten — one correctly rounded division, so the value is bit for bit what
 * {@link Float#parseFloat} (and Jackson) give. Anything else — whitespace aside — answers {@code false} without a
 * judgement: nested rows, {@code b64}, exponents, more than 7 significant digits, a value out of range or JSON that
 * is wrong; the caller then reads the line with Jackson, which accepts it or names what is wrong.
 */
final class FlatPixels {

    private static final float[] POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    private FlatPixels() {
    }

    static boolean read(byte[] line, int pixels, float[] target, int offset) {
        int end = line.length;
        int i = space(line, 0);
        if (i == end || line[i] != '[') {
            return false;
        }
        for (int count = 0; count < pixels; count++) {
            i++;
            if (i < end && line[i] <= ' ') {
                i = space(line, i);
            }
            if (i >= end) {
                return false;
            }
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
                return false;
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
                    return false;
                }
            }
            if (digits > 7 || scale >= POWERS.length) {
                return false;
            }
            float value = mantissa == 0 ? 0f : mantissa / POWERS[scale];
            if (value > 1f) {
                return false;
            }
            target[offset + count] = value;
            if (i < end && line[i] > ' ') {
                if (line[i] != (count == pixels - 1 ? ']' : ',')) {
                    return false;
                }
                continue;
            }
            i = space(line, i);
            if (i == end || line[i] != (count == pixels - 1 ? ']' : ',')) {
                return false;
            }
        }
        return space(line, i + 1) == end;
    }

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
