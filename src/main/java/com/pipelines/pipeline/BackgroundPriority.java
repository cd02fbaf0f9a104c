package com.pipelines.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the CPU priority (raises the Linux nice value) of the calling thread, so that step work yields to the
 * threads that answer HTTP on a machine that training keeps busy. Threads the caller starts afterwards inherit it,
 * which is how TensorFlow's compute pools, made by the first session, come to run at it too. A thread may always
 * lower its own priority; it cannot raise it again without privileges, so this is for threads that only ever do
 * background work (the step workers, the TensorFlow warm-up). Elsewhere than Linux it does nothing.
 */
public final class BackgroundPriority {

    private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final ThreadLocal<Integer> applied = new ThreadLocal<>();
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private BackgroundPriority() {
    }

    public static void lowerCurrentThread(int niceness) {
        if (niceness <= 0 || Integer.valueOf(niceness).equals(applied.get()) || !Files.exists(THREAD_SELF)) {
            return;
        }
        applied.set(niceness);
        try {
            String tid = THREAD_SELF.toRealPath().getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(niceness), "-p", tid)
                    .redirectErrorStream(true).start();
            String output = new String(renice.getInputStream().readAllBytes());
            if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                log.info("Could not lower the priority of thread {}: {}", Thread.currentThread().getName(), output);
            }
        } catch (IOException e) {
            log.info("Could not lower the priority of thread {} ({}); is renice installed?",
                    Thread.currentThread().getName(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
