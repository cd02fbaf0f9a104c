package com.pipelines.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}, hashes it and compares the hash with the
 * configured ones in constant time. A matching key authenticates the request with its role; no key, or an unknown
 * one, leaves it anonymous (the authorization rules then decide). The key itself is never stored or logged.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    private final List<SecurityProperties.ApiKey> keys;
    private final List<byte[]> hashes;

    ApiKeyFilter(List<SecurityProperties.ApiKey> keys) {
        this.keys = keys;
        this.hashes = keys.stream().map(k -> HexFormat.of().parseHex(k.sha256().toLowerCase())).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        if (presented != null) {
            byte[] hash = sha256(presented);
            for (int i = 0; i < keys.size(); i++) {
                if (MessageDigest.isEqual(hash, hashes.get(i))) {
                    SecurityProperties.ApiKey key = keys.get(i);
                    List<SimpleGrantedAuthority> roles = key.role().authorities().stream()
                            .map(SimpleGrantedAuthority::new).toList();
                    SecurityContextHolder.getContext().setAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated(key.name(), null, roles));
                    request.setAttribute(Callers.KEY_NAME_ATTRIBUTE, key.name());
                    break;
                }
            }
        }
        chain.doFilter(request, response);
    }

    private static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String header = request.getHeader("X-API-Key");
        return header == null ? null : header.trim();
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
