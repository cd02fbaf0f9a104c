package com.pipelines.audit;

import java.io.IOException;

import com.pipelines.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every state-changing API request once it is answered — allowed or refused (401, 403, 4xx) —: the key's
 * name, the method and path, the operation (the OpenAPI operation id of the handler when one was reached), the
 * status and the client's address. Runs outside Spring Security so that refusals are recorded too. Predictions are
 * reads, not recorded.
 */
class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditLog audit;

    AuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        String path = request.getRequestURI();
        boolean changes = !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
        boolean api = path.startsWith("/api/") || path.startsWith("/v1/");
        boolean read = path.endsWith(":predict") || path.endsWith(":rawPredict") || path.endsWith(":explain");
        return !changes || !api || read;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            try {
                audit.record((String) request.getAttribute(Callers.KEY_NAME_ATTRIBUTE), request.getMethod(),
                        request.getRequestURI(), operation(request), response.getStatus(), request.getRemoteAddr());
            } catch (RuntimeException e) {
                log.error("Could not record {} {} in the audit log: {}", request.getMethod(), request.getRequestURI(),
                        e.toString());
            }
        }
    }

    private static String operation(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler) {
            Operation operation = handler.getMethodAnnotation(Operation.class);
            if (operation != null && !operation.operationId().isEmpty()) {
                return operation.operationId();
            }
            return handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName();
        }
        return request.getMethod() + " " + request.getRequestURI();
    }
}
