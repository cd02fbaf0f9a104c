package com.pipelines.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import com.pipelines.PipelinesProperties;
import com.pipelines.Sha256;
import com.pipelines.web.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on every create request but runs' (which have their own, {@link IdempotentRequests}):
 * schedules, pipelines and versions, webhooks, experiments, datasets, endpoints, batch jobs, model uploads. The key
 * is claimed by inserting its row before the request is handled (the primary key decides between concurrent
 * duplicates); the answer — any status under 500 — is stored and replayed for the same key and body
 * ({@code Idempotent-Replayed: true}); the same key with another body or path → 422; a retry while the first is in
 * flight → 409. A 5xx, or a replica dying mid-request, releases the key so that a retry runs again. Bodies up to
 * 16 MB: a bigger upload (a dataset) is idempotent by its content anyway.
 */
class IdempotentCreates extends OncePerRequestFilter {

    static final int MAX_BODY = 16 * 1024 * 1024;
    static final Duration ABANDONED = Duration.ofMinutes(5);
    private static final List<Pattern> CREATES = List.of(Pattern.compile("/api/v1/schedules"),
            Pattern.compile("/api/v1/pipelines"), Pattern.compile("/api/v1/pipelines/[^/]+/versions"),
            Pattern.compile("/api/v1/webhooks"), Pattern.compile("/api/v1/experiments"),
            Pattern.compile("/api/v1/datasets"), Pattern.compile("/api/v1/endpoints"),
            Pattern.compile("/api/v1/batchPredictionJobs"), Pattern.compile("/api/v1/models:upload"));

    private final JdbcTemplate jdbc;
    private final PipelinesProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    IdempotentCreates(JdbcTemplate jdbc, PipelinesProperties properties, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"POST".equals(request.getMethod()) || request.getHeader(IdempotentRequests.HEADER) == null
                || CREATES.stream().noneMatch(p -> p.matcher(path).matches());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(IdempotentRequests.HEADER);
        if (!IdempotentRequests.KEY.matcher(key).matches()) {
            problem(response, HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Idempotency-Key must be 1-255 "
                    + "visible ASCII characters");
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            problem(response, HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Idempotency-Key is honoured for "
                    + "bodies up to 16 MB; a bigger dataset upload is idempotent by its content without one");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            problem(response, HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Idempotency-Key is honoured for "
                    + "bodies up to 16 MB; a bigger dataset upload is idempotent by its content without one");
            return;
        }
        String hash = Sha256.hex(request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString()
                + "\n" + request.getContentType() + "\n" + Sha256.hex(body));
        for (int tries = 0; tries < 3; tries++) {
            Instant now = clock.instant();
            try {
                jdbc.update("insert into idempotent_response (idempotency_key, request_hash, done, create_time, "
                                + "expire_time) values (?, ?, false, ?, ?)", key, hash, Timestamp.from(now),
                        Timestamp.from(now.plus(properties.idempotencyKeyTtl())));
            } catch (DataIntegrityViolationException taken) {
                List<Stored> rows = jdbc.query("select request_hash, done, status, content_type, location, body, "
                        + "create_time, expire_time from idempotent_response where idempotency_key = ?",
                        (rs, i) -> new Stored(rs.getString(1), rs.getBoolean(2), rs.getInt(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                                rs.getTimestamp(8).toInstant()), key);
                if (rows.isEmpty()) {
                    continue;
                }
                Stored row = rows.get(0);
                Instant expires = row.expireTime();
                Instant created = row.createTime();
                boolean done = row.done();
                if (expires.isBefore(now) || !done && created.isBefore(now.minus(ABANDONED))) {
                    jdbc.update("delete from idempotent_response where idempotency_key = ?", key);
                    continue;
                }
                if (!hash.equals(row.requestHash())) {
                    problem(response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                            "Idempotency-Key " + key + " was used with another request");
                    return;
                }
                if (!done) {
                    problem(response, HttpStatus.CONFLICT, "idempotency-key-in-flight", "A request with "
                            + "Idempotency-Key " + key + " is still being handled; retry in a moment");
                    return;
                }
                replay(response, row);
                return;
            }
            handle(key, body, request, response, chain);
            return;
        }
        problem(response, HttpStatus.CONFLICT, "idempotency-key-in-flight", "Idempotency-Key " + key
                + " is contended; retry");
    }

    private void handle(String key, byte[] body, HttpServletRequest request, HttpServletResponse response,
                        FilterChain chain) throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(new ReplayedBody(request, body), recorded);
            int status = recorded.getStatus();
            byte[] answer = recorded.getContentAsByteArray();
            if (status < 500 && answer.length <= 100_000) {
                jdbc.update("update idempotent_response set done = true, status = ?, content_type = ?, location = ?, "
                                + "body = ? where idempotency_key = ?", status, recorded.getContentType(),
                        recorded.getHeader("Location"), new String(answer, StandardCharsets.UTF_8), key);
                stored = true;
            }
            recorded.setHeader("Idempotent-Replayed", "false");
        } finally {
            if (!stored) {
                jdbc.update("delete from idempotent_response where idempotency_key = ?", key);
            }
            recorded.copyBodyToResponse();
        }
    }

    private record Stored(String requestHash, boolean done, int status, String contentType, String location,
                          String body, Instant createTime, Instant expireTime) {
    }

    private static void replay(HttpServletResponse response, Stored row) throws IOException {
        response.setStatus(row.status());
        if (row.contentType() != null) {
            response.setContentType(row.contentType());
        }
        if (row.location() != null) {
            response.setHeader("Location", row.location());
        }
        response.setHeader("Idempotent-Replayed", "true");
        byte[] body = row.body() == null ? new byte[0] : row.body().getBytes(StandardCharsets.UTF_8);
        response.getOutputStream().write(body);
    }

    /** Deletes keys past their time to live. */
    int purgeExpired() {
        return jdbc.update("delete from idempotent_response where expire_time < ?", Timestamp.from(clock.instant()));
    }

    private void problem(HttpServletResponse response, HttpStatus status, String type, String detail)
            throws IOException {
        ApiProblem.write(response, json, status, type, "Idempotency-Key", detail);
    }

    /** The request with its body read once (to hash it) and given again to the handler. */
    private static final class ReplayedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                public boolean isFinished() {
                    return in.available() == 0;
                }

                public boolean isReady() {
                    return true;
                }

                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    StandardCharsets.UTF_8));
        }
    }
}
