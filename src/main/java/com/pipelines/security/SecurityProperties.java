package com.pipelines.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the API, bound from {@code pipelines.security.*}. Keys are configured by their SHA-256 only
 * ({@code echo -n "$KEY" | sha256sum}), never in clear.
 *
 * @param keys        the API keys; none: the API is open (a prominent warning unless bound to loopback)
 * @param openReads   whether GET requests and predictions need no key when keys are configured (default false:
 *                    reads need a key too)
 * @param corsOrigins origins allowed to call the API from a browser; none: no CORS headers at all
 */
@Validated
@ConfigurationProperties("pipelines.security")
public record SecurityProperties(
        @Valid List<ApiKey> keys,
        @DefaultValue("false") boolean openReads,
        List<String> corsOrigins) {

    public SecurityProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    }

    /**
     * What a key may do. READ: read and predict. RUN: also start, cancel, retry and archive runs, schedules,
     * pipelines, datasets, experiments, webhooks. DEPLOY: also the registry, endpoints, batch jobs, monitoring.
     * ADMIN: everything, with deletes, the audit log and the step workers. WRITE, the role of configurations made
     * before roles existed, keeps meaning what it meant — everything — so it is ADMIN.
     */
    public enum Role {
        READ, RUN, DEPLOY, ADMIN, WRITE;

        /** The Spring Security authorities the role grants (ROLE_READ, ROLE_RUN, ...). */
        public java.util.List<String> authorities() {
            return switch (this) {
                case READ -> java.util.List.of("ROLE_READ");
                case RUN -> java.util.List.of("ROLE_READ", "ROLE_RUN");
                case DEPLOY -> java.util.List.of("ROLE_READ", "ROLE_DEPLOY");
                case ADMIN, WRITE -> java.util.List.of("ROLE_READ", "ROLE_RUN", "ROLE_DEPLOY", "ROLE_ADMIN");
            };
        }
    }

    public record ApiKey(@NotBlank String name,
                         @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (SHA-256)")
                         String sha256,
                         @DefaultValue("WRITE") Role role) {
    }
}
