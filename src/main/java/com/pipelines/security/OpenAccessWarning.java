package com.pipelines.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One prominent warning at startup when no API keys are configured and the service listens beyond loopback (all
 * interfaces by default): everything, deploys and webhook registrations included, is open to the network.
 */
@Component
class OpenAccessWarning {

    private static final Logger log = LoggerFactory.getLogger(OpenAccessWarning.class);

    private final boolean keysConfigured;
    private final String address;

    OpenAccessWarning(SecurityProperties properties, @Value("${server.address:}") String address) {
        this.keysConfigured = !properties.keys().isEmpty();
        this.address = address;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        warnIfOpen();
    }

    /** True if it warned. */
    boolean warnIfOpen() {
        if (keysConfigured) {
            return false;
        }
        if (loopbackOnly(address)) {
            log.info("No API keys configured; the service listens on {} only", address);
            return false;
        }
        String where = address == null || address.isBlank() ? "every network interface" : address;
        log.warn("""

                ************************************************************************************************
                * NO API KEYS CONFIGURED and the service listens on {}:
                * every endpoint is open to anyone who can reach it: starting, cancelling and retrying runs,
                * deploying models, registering webhooks, reading run history and metrics.
                * Configure pipelines.security.keys (README, "Security") or bind to loopback (server.address).
                ************************************************************************************************""",
                where);
        return true;
    }

    private static boolean loopbackOnly(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
