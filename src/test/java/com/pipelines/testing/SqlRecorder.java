package com.pipelines.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Records the SQL Hibernate sends while a test asks it to (configured for every test context as Hibernate's
 * statement inspector): how many queries one request costs, whatever the size of what it reads. Only statements
 * sent by web request threads count: the service's background work (monitoring, schedulers, serving's route
 * reloads) runs on other threads and would make a count depend on timing.
 */
public class SqlRecorder implements StatementInspector {

    private static final List<String> RECORDED = new CopyOnWriteArrayList<>();
    private static volatile boolean recording;

    public static void start() {
        RECORDED.clear();
        recording = true;
    }

    public static List<String> stop() {
        recording = false;
        return List.copyOf(RECORDED);
    }

    @Override
    public String inspect(String sql) {
        if (recording && Thread.currentThread().getName().startsWith("http-")) {
            RECORDED.add(sql);
        }
        return sql;
    }
}
