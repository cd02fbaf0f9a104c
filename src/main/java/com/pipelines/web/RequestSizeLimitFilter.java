package com.pipelines.web;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import com.pipelines.PipelinesProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code pipelines.max-request-size} ({@code max-predict-request-size} for prediction
 * requests) with 413: at once when Content-Length says so, while reading when the body is chunked.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxApiBytes;
    private final long maxPredictBytes;
    private final JsonMapper json;

    private final long maxUploadBytes;

    RequestSizeLimitFilter(PipelinesProperties properties, JsonMapper json,
                           @org.springframework.beans.factory.annotation.Value(
                                   "${pipelines.datasets.max-upload-size:4GB}") org.springframework.util.unit.DataSize
                                   maxUpload) {
        this.json = json;
        this.maxApiBytes = properties.maxRequestSize();
        this.maxPredictBytes = properties.maxPredictRequestSize();
        this.maxUploadBytes = maxUpload.toBytes();
    }

    /** Dataset uploads (anything but a JSON body to the datasets collection) have their own, larger limit. */
    private long limitFor(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri.startsWith("/v1/")) {
            return maxPredictBytes;
        }
        String type = request.getContentType();
        if ("POST".equals(request.getMethod()) && uri.equals("/api/v1/datasets")
                && (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"))) {
            return maxUploadBytes;
        }
        return maxApiBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = limitFor(request);
        if (request.getContentLengthLong() > maxBytes) {
            ProblemDetail problem = ApiProblem.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large",
                    "Request too large", "The request body is larger than the " + maxBytes
                            + " bytes this service accepts", List.of());
            try {
                problem.setInstance(new URI(request.getRequestURI()));
            } catch (java.net.URISyntaxException odd) {
                // leave the instance out rather than echo a path that is not a URI
            }
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType("application/problem+json");
            response.getOutputStream().write(json.writeValueAsBytes(problem));
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    static boolean tooLarge(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body too large");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        LimitedStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
