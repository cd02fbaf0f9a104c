package com.pipelines.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that talks to the database: it runs on H2 in the default pass and again on the real PostgreSQL in the
 * {@code postgres-tests} pass, which skips it when no PostgreSQL answers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("database")
@ExtendWith(PostgresAvailability.class)
public @interface DatabaseTest {
}
