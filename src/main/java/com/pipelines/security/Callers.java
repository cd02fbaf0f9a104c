package com.pipelines.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** What the caller of the current request may see. */
@Component
public class Callers {

    private final boolean keysConfigured;

    Callers(SecurityProperties properties) {
        this.keysConfigured = !properties.keys().isEmpty();
    }

    /**
     * True if the caller may see what may carry credentials of others (a webhook's full URL): a WRITE key, or any
     * caller when no keys are configured (a laptop, where the one user registered it).
     */
    public boolean mayWrite() {
        if (!keysConfigured) {
            return true;
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller != null && caller.getAuthorities().stream()
                .anyMatch(role -> "ROLE_WRITE".equals(role.getAuthority()));
    }
}
