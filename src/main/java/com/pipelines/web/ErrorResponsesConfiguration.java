package com.pipelines.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error is a problem detail, including those no controller sees: requests Spring Security's firewall rejects
 * (an encoded percent sign, a path with "//"), errors forwarded to {@code /error}, and requests Tomcat itself
 * rejects ({@link ProblemErrorReportValve}).
 */
@Configuration(proxyBeanMethods = false)
class ErrorResponsesConfiguration {

    @Bean
    RequestRejectedHandler problemForRejectedRequests(JsonMapper json) {
        return (request, response, rejected) -> ApiProblem.write(response, json, HttpStatus.BAD_REQUEST,
                "rejected-request",
                "Request rejected", "The request URL is not allowed (for example an encoded '%', '/' or '\\\\', "
                        + "or '..' in the path)");
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                // Let encoded slashes and backslashes through to Spring Security's firewall, which rejects them
                // with a problem detail, instead of Tomcat's HTML page.
                factory.addConnectorCustomizers(connector -> {
                    connector.setEncodedSolidusHandling("passthrough");
                    connector.setAllowBackslash(true);
                });
                factory.addContextCustomizers(context -> {
                    // Errors found before a request is mapped are reported by the host's error report valve, which
                    // the host creates from this class name when it starts; Boot's own instance goes.
                    ((StandardHost) context.getParent()).setErrorReportValveClass(
                            ProblemErrorReportValve.class.getName());
                    var pipeline = context.getParent().getPipeline();
                    for (Valve valve : pipeline.getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                            pipeline.removeValve(valve);
                        }
                    }
                });
            }
        };
    }

    @RestController
    static class ProblemErrorController implements ErrorController {

        @RequestMapping("/error")
        ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                    ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(body(status, "error", status.getReasonPhrase(), status.is5xxServerError()
                            ? "The service failed to answer this request" : status.getReasonPhrase()));
        }
    }

    static Map<String, Object> body(HttpStatus status, String type, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:problem:" + type);
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        return body;
    }
}
