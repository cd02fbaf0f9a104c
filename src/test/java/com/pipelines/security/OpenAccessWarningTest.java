package com.pipelines.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class OpenAccessWarningTest {

    private static final SecurityProperties NO_KEYS = new SecurityProperties(List.of(), false, List.of());
    private static final SecurityProperties KEYS = new SecurityProperties(List.of(new SecurityProperties.ApiKey(
            "ci", "1c53fcffe1fc41cb8d13867c2f3beda6534cfa0f4459731b9dcc2fce42b47876",
            SecurityProperties.Role.WRITE)), false, List.of());

    @Test
    void noKeysOnEveryInterfaceWarnsOnceAndProminently(CapturedOutput output) {
        assertThat(new OpenAccessWarning(NO_KEYS, "").warnIfOpen()).isTrue();
        assertThat(output.getOut()).containsOnlyOnce("NO API KEYS CONFIGURED")
                .contains("every network interface").contains("deploying models, registering webhooks")
                .contains("pipelines.security.keys");
        assertThat(new OpenAccessWarning(NO_KEYS, "10.1.2.3").warnIfOpen()).isTrue();
    }

    @Test
    void loopbackOrKeysDoNotWarn(CapturedOutput output) {
        assertThat(new OpenAccessWarning(NO_KEYS, "127.0.0.1").warnIfOpen()).isFalse();
        assertThat(new OpenAccessWarning(NO_KEYS, "::1").warnIfOpen()).isFalse();
        assertThat(new OpenAccessWarning(KEYS, "").warnIfOpen()).isFalse();
        assertThat(output.getOut()).doesNotContain("NO API KEYS CONFIGURED");
    }
}
