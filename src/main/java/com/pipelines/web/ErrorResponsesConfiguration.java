package com.pipelines.web;

import java.io.IOException;


import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
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

        private final JsonMapper json;

        ProblemErrorController(JsonMapper json) {
            this.json = json;
        }

        @RequestMapping("/error")
        void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                    ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
            ApiProblem.write(response, json, status, "error", status.getReasonPhrase(), status.is5xxServerError()
                    ? "The service failed to answer this request" : status.getReasonPhrase());
        }
    }
}
