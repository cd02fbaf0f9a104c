package com.pipelines.webhooks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.pipelines.PipelinesProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSecretsTest {

    @TempDir
    Path data;

    @Test
    void sealsWithAFreshNonceAndOpensAgainWithTheSameKeyFile() throws Exception {
        WebhookSecrets secrets = new WebhookSecrets(properties(null), pipelines());
        String sealed = secrets.seal("a-long-shared-secret");
        assertThat(sealed).startsWith(WebhookSecrets.PREFIX).doesNotContain("a-long-shared-secret")
                .isNotEqualTo(secrets.seal("a-long-shared-secret"));
        Path keyFile = data.resolve("webhook-secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        WebhookSecrets afterRestart = new WebhookSecrets(properties(null), pipelines());
        assertThat(afterRestart.open(sealed)).isEqualTo("a-long-shared-secret");
    }

    @Test
    void aConfiguredKeyIsUsedAndAnotherKeyCannotOpen() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        String sealed = new WebhookSecrets(properties(key), pipelines()).seal("s3cret-s3cret-s3cret");
        assertThat(new WebhookSecrets(properties(key), pipelines()).open(sealed)).isEqualTo("s3cret-s3cret-s3cret");
        assertThat(data.resolve("webhook-secret.key")).doesNotExist();
        assertThatThrownBy(() -> new WebhookSecrets(properties(null), pipelines()).open(sealed))
                .hasMessageContaining("cannot be opened");
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> new WebhookSecrets(properties(key), pipelines()).open(tampered))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSecretStoredBeforeSealingStillOpens() {
        assertThat(new WebhookSecrets(properties(null), pipelines()).open("legacy-clear-secret"))
                .isEqualTo("legacy-clear-secret");
    }

    private static WebhookProperties properties(String key) {
        return new WebhookProperties(3, Duration.ofSeconds(1), Duration.ofSeconds(1), key, List.of());
    }

    private PipelinesProperties pipelines() {
        return new PipelinesProperties(data, null, null, "p", "us-central1", "img", 1, 3, Duration.ofSeconds(1),
                1 << 20, 1 << 24, Duration.ofHours(24), 0, Duration.ofHours(24));
    }
}
