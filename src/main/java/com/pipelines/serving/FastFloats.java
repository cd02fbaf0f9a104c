package com.pipelines.serving;

/**
 * Reads a JSON number's characters as a float without going through a String, for the common shapes of model input
 * (up to 7 significant digits, a decimal point, an exponent within ±10): the digits as an exact integer divided or
 * multiplied by an exact power of ten — one correctly rounded float operation, so the result is what
 * {@link Float#parseFloat} gives. Anything else answers NaN and the caller parses it the usual way.
 */
final class FastFloats {

    /** Exact powers of ten as floats (5^10 < 2^24), for one correctly rounded multiplication or division. */
    static final float[] POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    private FastFloats() {
    }

    static float parse(char[] chars, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = false;
        if (i < end && (chars[i] == '-' || chars[i] == '+')) {
            negative = chars[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean seenDigit = false;
        boolean point = false;
        for (; i < end; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                seenDigit = true;
                if (mantissa == 0 && c == '0') {
                    if (point) {
                        scale++;
                    }
                    continue;
                }
                if (++digits > 7) {
                    return Float.NaN;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (point) {
                    scale++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (!seenDigit) {
            return Float.NaN;
        }
        int exponent = 0;
        if (i < end) {
            char e = chars[i];
            if (e != 'e' && e != 'E') {
                return Float.NaN;
            }
            i++;
            boolean negativeExponent = false;
            if (i < end && (chars[i] == '-' || chars[i] == '+')) {
                negativeExponent = chars[i] == '-';
                i++;
            }
            if (i == end || end - i > 3) {
                return Float.NaN;
            }
            for (; i < end; i++) {
                char c = chars[i];
                if (c < '0' || c > '9') {
                    return Float.NaN;
                }
                exponent = exponent * 10 + (c - '0');
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        int power = exponent - scale;
        float value;
        if (mantissa == 0) {
            value = 0f;
        } else if (power >= 0 && power <= 10) {
            if (digits + power > 7) {
                return Float.NaN;
            }
            value = mantissa * POWERS[power];
        } else if (power < 0 && power >= -10) {
            value = mantissa / POWERS[-power];
        } else {
            return Float.NaN;
        }
        return negative ? -value : value;
    }
}
