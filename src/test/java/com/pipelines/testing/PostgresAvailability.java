package com.pipelines.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips database tests in the PostgreSQL pass when no PostgreSQL is reachable (a new user's laptop). */
class PostgresAvailability implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!PostgresTestDatabase.enabled()) {
            return ConditionEvaluationResult.enabled("H2 pass");
        }
        return PostgresTestDatabase.available()
                ? ConditionEvaluationResult.enabled("PostgreSQL at " + PostgresTestDatabase.HOST)
                : ConditionEvaluationResult.disabled("no PostgreSQL at " + PostgresTestDatabase.HOST);
    }
}
