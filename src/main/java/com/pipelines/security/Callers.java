package com.pipelines.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Who calls in the current request, and what they may see. */
@Component
public class Callers {

    /** The request attribute holding the name of the API key a request was authenticated with. */
    public static final String KEY_NAME_ATTRIBUTE = "pipelines.apiKeyName";

    private final boolean keysConfigured;

    Callers(SecurityProperties properties) {
        this.keysConfigured = !properties.keys().isEmpty();
    }

    /**
     * True if the caller may see what may carry credentials of others (a webhook's full URL): a key that may
     * register webhooks (run, admin), or any caller when no keys are configured (a laptop, where the one user
     * registered it).
     */
    public boolean mayWrite() {
        if (!keysConfigured) {
            return true;
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller != null && caller.getAuthorities().stream()
                .anyMatch(role -> "ROLE_RUN".equals(role.getAuthority()));
    }

    /**
     * The name of the API key of the current request (recorded as {@code createdBy}); null without keys, for an
     * anonymous caller, or outside a request (a schedule's fire, a background task).
     */
    public static String currentKeyName() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated()
                || caller instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
            return null;
        }
        return caller.getName();
    }
}
