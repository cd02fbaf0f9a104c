package com.pipelines.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fast path reads exactly what Float.parseFloat reads, or declines (NaN) and leaves it to it. */
class FastFloatsTest {

    private static float fast(String text) {
        return FastFloats.parse(text.toCharArray(), 0, text.length());
    }

    @Test
    void agreesWithFloatParseFloatBitForBitWhereverItAnswers() {
        Random random = new Random(7);
        int answered = 0;
        for (int i = 0; i < 200_000; i++) {
            double value = random.nextDouble() * Math.pow(10, random.nextInt(9) - 6) * (random.nextBoolean() ? 1 : -1);
            String[] forms = {String.format(Locale.ROOT, "%.4g", value), String.format(Locale.ROOT, "%.7f", value),
                    Float.toString((float) value), Integer.toString(random.nextInt(1000)),
                    String.format(Locale.ROOT, "%.3e", value)};
            for (String form : forms) {
                float fast = fast(form);
                if (!Float.isNaN(fast)) {
                    answered++;
                    assertThat(Float.floatToIntBits(fast)).as(form).isEqualTo(Float.floatToIntBits(Float.parseFloat(form)));
                }
            }
        }
        assertThat(answered).as("the fast path takes most of them").isGreaterThan(600_000);
        assertThat(fast("0")).isZero();
        assertThat(fast("1.0")).isEqualTo(1f);
        assertThat(fast("0.50196081")).isNaN();
        assertThat(fast("1e40")).isNaN();
        assertThat(fast("abc")).isNaN();
    }
}
