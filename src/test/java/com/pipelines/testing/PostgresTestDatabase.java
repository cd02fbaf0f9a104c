package com.pipelines.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * For the PostgreSQL test pass ({@code -Dpipelines.test.database=postgres}): creates a database of this test run's
 * own on the machine's PostgreSQL, points Spring at it through system properties, and drops it (and any other
 * database it made) when the run ends. PostgreSQL is shared by every run on the machine, hence the fresh names.
 */
public class PostgresTestDatabase implements LauncherSessionListener {

    static final String HOST = System.getProperty("pipelines.test.postgres.host", "127.0.0.1:5432");
    static final String USER = System.getProperty("pipelines.test.postgres.user", "postgres");
    private static final List<String> created = new CopyOnWriteArrayList<>();
    private static volatile Boolean available;

    public static boolean enabled() {
        return "postgres".equals(System.getProperty("pipelines.test.database"));
    }

    public static boolean available() {
        if (available == null) {
            try (Connection ignored = admin()) {
                available = true;
            } catch (SQLException e) {
                available = false;
            }
        }
        return available;
    }

    /** A new, empty database; returns its JDBC URL. */
    /**
     * For tests whose replicas (JVMs of their own) share one database: skips the test outside the PostgreSQL pass,
     * else creates a fresh database, dropped when the test run ends.
     */
    public static String createSharedDatabase() {
        org.junit.jupiter.api.Assumptions.assumeTrue(enabled(), "replicas share a PostgreSQL database");
        return createDatabase();
    }

    public static String createDatabase() {
        String name = "pipelines_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        created.add(name);
        return "jdbc:postgresql://" + HOST + "/" + name;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (enabled() && available()) {
            System.setProperty("spring.datasource.url", createDatabase());
            System.setProperty("spring.datasource.username", USER);
            System.setProperty("spring.datasource.password", "");
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        for (String name : created) {
            try (Connection connection = admin(); Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists " + name + " with (force)");
            } catch (SQLException e) {
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        }
        created.clear();
    }

    private static Connection admin() throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + "/test", USER, "");
    }
}
