package com.pipelines.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.pipelines.PipelinesApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The full service on a random port with the test pipeline. Every end-to-end test uses exactly this configuration
 * so that one Spring context (and one db-scheduler) serves them all.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DatabaseTest
@SpringBootTest(classes = PipelinesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({TestPipelines.class, TestCloud.class})
public @interface EngineTest {
}
