package com.pipelines.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A connected Server-Sent Events client: events parsed from the lines as they come. */
public final class SseClient implements AutoCloseable {

    /** One event as the stream sent it. */
    public record Event(String id, String name, String data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    public SseClient(int port, String path, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        // read on a thread of its own: a callback on an already complete future runs on the caller's thread
        response.thenAccept(r -> daemon(() -> {
            String[] current = new String[3];
            r.body().forEach(line -> {
                if (line.startsWith("id:")) {
                    current[0] = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    current[1] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    current[2] = line.substring(5).trim();
                } else if (line.isEmpty() && current[1] != null) {
                    events.add(new Event(current[0], current[1], current[2]));
                    current[0] = current[1] = current[2] = null;
                }
            });
            ended.countDown();
        }));
        response.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static void daemon(Runnable reading) {
        Thread thread = new Thread(reading, "sse-client");
        thread.setDaemon(true);
        thread.start();
    }

    public Event await(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(50, TimeUnit.MILLISECONDS);
            if (event == null) {
                continue;
            }
            seen.add(event);
            if (wanted.test(event)) {
                return event;
            }
        }
        throw new AssertionError("no such event within " + timeout + "; saw " + seen + " (status "
                + (response.isDone() && !response.isCompletedExceptionally() ? response.join().statusCode() : -1)
                + ")");
    }

    public List<Event> until(Predicate<Event> last, Duration timeout) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        await(e -> {
            seen.add(e);
            return last.test(e);
        }, timeout);
        return seen;
    }

    /** Whether the server ended the stream (its body reached its end) within {@code timeout}. */
    public boolean endedWithin(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
