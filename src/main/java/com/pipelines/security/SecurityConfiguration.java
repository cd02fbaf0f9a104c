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
 * With keys: each change needs its role ({@link SecurityProperties.Role}: run, deploy, admin; the table is in
 * README); reads and predictions need any key unless {@code open-reads}; actuator
 * endpoints other than health need a key; the dashboard, Swagger UI and the OpenAPI document are static and open
 * (their calls carry the key). 401 and 403 are problem details. Security headers on every response; CORS only for
 * configured origins.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    /** Operations on the service itself: who did what, the step workers, retention, batch deletes. */
    static final String[] ADMIN_ONLY = {"/api/v1/auditLog", "/api/v1/auditLog/**", "/api/v1/workers:pause",
            "/api/v1/workers:resume", "/api/v1/runs:batchDelete", "/api/v1/retention", "/api/v1/retention/**"};
    /** Models and serving: the registry, endpoints, batch prediction, monitoring. */
    static final String[] DEPLOY = {"/api/v1/models/**", "/api/v1/models:upload", "/api/v1/endpoints/**",
            "/api/v1/batchPredictionJobs/**"};
    /** Running pipelines and what they run on. */
    static final String[] RUN = {"/api/v1/runs/**", "/api/v1/runs:archive", "/api/v1/schedules/**",
            "/api/v1/pipelines/**", "/api/v1/datasets/**", "/api/v1/experiments/**", "/api/v1/webhooks/**"};

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
                                "This API key's role does not allow this operation: runs, schedules, pipelines, "
                                        + "datasets and webhooks need role run; models, endpoints and batch jobs "
                                        + "role deploy; deletes, the audit log and the workers role admin")));
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
            a.requestMatchers(ADMIN_ONLY).hasRole("ADMIN");
            a.requestMatchers(HttpMethod.DELETE, "/api/v1/runs/**", "/api/v1/pipelines/**", "/api/v1/datasets/**",
                    "/api/v1/experiments/**", "/api/v1/schedules/**").hasRole("ADMIN");
            if (properties.openReads()) {
                a.requestMatchers(HttpMethod.GET, "/api/**").permitAll();
                a.requestMatchers(HttpMethod.POST, "/v1/**").permitAll();
            } else {
                a.requestMatchers(HttpMethod.GET, "/api/**").hasRole("READ");
                a.requestMatchers(HttpMethod.POST, "/v1/**").hasRole("READ");
            }
            a.requestMatchers(DEPLOY).hasRole("DEPLOY");
            a.requestMatchers(RUN).hasRole("RUN");
            a.requestMatchers("/api/**", "/v1/**").hasRole("ADMIN");
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
