package com.pipelines.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * Where webhooks may be sent. Any WRITE client can register a URL, and the service posts to it from inside its
 * own network, so a URL must not reach what only the service can reach: a target that is, or resolves to, a
 * loopback, private, link-local (cloud metadata at 169.254.169.254), unique-local, shared (100.64/10), multicast or
 * unspecified address is refused unless its host is in {@code pipelines.webhooks.allowed-hosts}. Checked when a
 * webhook is registered and again before each delivery, since what a name resolves to can change.
 */
@Component
class WebhookTargets {

    private final Set<String> allowedHosts;

    WebhookTargets(WebhookProperties properties) {
        this.allowedHosts = properties.allowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Why a request to this URL's host must not be sent, or empty when it may. A host that does not resolve now
     * is not refused (the delivery will say it is unknown); one address that may not be reached refuses it.
     */
    Optional<String> refusal(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return Optional.of("has no host");
        }
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                return Optional.of("host " + host + " is " + address.getHostAddress()
                        + ", a loopback, private or link-local address; list the host in "
                        + "pipelines.webhooks.allowed-hosts to allow it");
            }
        }
        return Optional.empty();
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first >= 240 || first == 100 && (second & 0xc0) == 64
                    || first == 198 && (second & 0xfe) == 18;
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc || embeddedIpv4Internal(b);
        }
        return false;
    }

    /** ::ffff:a.b.c.d (when not already turned into IPv4), the deprecated ::a.b.c.d and NAT64 64:ff9b::a.b.c.d. */
    private static boolean embeddedIpv4Internal(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] == 0 && b[11] == 0 || b[10] == (byte) 0xff && b[11] == (byte) 0xff);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        if (!mapped && !nat64) {
            return false;
        }
        try {
            return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
