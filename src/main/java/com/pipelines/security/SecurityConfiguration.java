package com.pipelines.security;

import java.io.IOException;
import java.util.List;

import com.pipelines.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * API keys for the API, stateless. Without configured keys everything is open (for a laptop; on a non-loopback
 * address {@link OpenAccessWarning} says so loudly).
 * With keys: changes need a WRITE key; reads and predictions need any key unless {@code open-reads}; actuator
 * endpoints other than health need a key; the dashboard, Swagger UI and the OpenAPI document are static and open
 * (their calls carry the key). 401 and 403 are problem details. Security headers on every response; CORS only for
 * configured origins.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties properties, JsonMapper json)
            throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(anonymous -> { })
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .cacheControl(c -> c.disable())
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
                                + "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
                                + "frame-ancestors 'none'; object-src 'none'; base-uri 'self'")))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> problem(response, json,
                                HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                                "Send an API key: Authorization: Bearer <key> or X-API-Key: <key>"))
                        .accessDeniedHandler((request, response, denied) -> problem(response, json,
                                HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
                                "This API key may only read; starting, cancelling, deploying and registering "
                                        + "webhooks need a WRITE key")));
        if (properties.corsOrigins().isEmpty()) {
            http.cors(AbstractHttpConfigurer::disable);
        } else {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(properties.corsOrigins());
            cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
            cors.setAllowedHeaders(List.of("Authorization", "X-API-Key", "Content-Type", "If-None-Match",
                    "Idempotency-Key"));
            cors.setExposedHeaders(List.of("ETag", "Location"));
            UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
            source.registerCorsConfiguration("/**", cors);
            http.cors(c -> c.configurationSource(source));
        }
        if (properties.keys().isEmpty()) {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        http.addFilterBefore(new ApiKeyFilter(properties.keys()), AuthorizationFilter.class);
        http.authorizeHttpRequests(a -> {
            a.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
            a.requestMatchers("/actuator/**").authenticated();
            if (properties.openReads()) {
                a.requestMatchers(HttpMethod.GET, "/api/**").permitAll();
                a.requestMatchers(HttpMethod.POST, "/v1/**").permitAll();
            } else {
                a.requestMatchers(HttpMethod.GET, "/api/**").hasRole("READ");
                a.requestMatchers(HttpMethod.POST, "/v1/**").hasRole("READ");
            }
            a.requestMatchers("/api/**", "/v1/**").hasRole("WRITE");
            a.anyRequest().permitAll();
        });
        return http.build();
    }

    private static void problem(HttpServletResponse response, JsonMapper json, HttpStatus status, String type,
                                String title, String detail) throws IOException {
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        ApiProblem.write(response, json, status, type, title, detail);
    }
}
