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

    /** READ keys may read and predict; WRITE keys may also start, cancel, retry, deploy and register webhooks. */
    public enum Role { READ, WRITE }

    public record ApiKey(@NotBlank String name,
                         @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (SHA-256)")
                         String sha256,
                         @DefaultValue("WRITE") Role role) {
    }
}
