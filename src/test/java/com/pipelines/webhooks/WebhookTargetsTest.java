package com.pipelines.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a webhook may not reach, whatever way they are written. */
class WebhookTargetsTest {

    private final WebhookTargets targets = allowing();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "0.0.0.0", "0.1.2.3", "10.1.2.3", "172.16.0.1",
            "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "198.18.0.1",
            "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
            "ff02::1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe"})
    void internalAddressesAreRefused(String address) throws Exception {
        assertThat(WebhookTargets.internal(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.169.0.1",
            "198.20.0.1", "203.0.114.1", "2001:4860:4860::8888", "2a00:1450::1", "64:ff9b::808:808"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(WebhookTargets.internal(InetAddress.getByName(address))).as(address).isFalse();
    }

    @Test
    void namesAreCheckedByWhatTheyResolveTo() {
        assertThat(targets.refusal(URI.create("http://localhost:8080/hook"))).get().asString()
                .startsWith("host localhost is ").contains("pipelines.webhooks.allowed-hosts");
        assertThat(targets.refusal(URI.create("http://2130706433/"))).get().asString().contains("127.0.0.1");
        assertThat(targets.refusal(URI.create("http://[::ffff:169.254.169.254]/"))).isPresent();
        assertThat(targets.refusal(URI.create("https://8.8.8.8/hook"))).isEmpty();
    }

    @Test
    void allowedHostsAndUnresolvableNamesPass() {
        WebhookTargets allowingLocalhost = allowing("LocalHost");
        assertThat(allowingLocalhost.refusal(URI.create("http://localhost:8080/hook"))).isEmpty();
        assertThat(allowingLocalhost.refusal(URI.create("http://127.0.0.1:8080/hook"))).isPresent();
        assertThat(targets.refusal(URI.create("https://receiver.invalid/hook"))).isEmpty();
    }

    private static WebhookTargets allowing(String... hosts) {
        return new WebhookTargets(
                new WebhookProperties(3, Duration.ofSeconds(1), Duration.ofSeconds(1), null, List.of(hosts)));
    }
}
