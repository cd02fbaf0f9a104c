package com.pipelines.scheduling;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.Queries;

/**
 * db-scheduler on H2 with lock-and-fetch polling, which db-scheduler only offers for the databases it recognises:
 * due executions are selected {@code FOR UPDATE SKIP LOCKED} in priority order and marked picked in the same
 * transaction, and only as many as there are free workers. Fetch-and-pick (the fallback) fetches due executions
 * into a local queue even while every worker is busy, so a step queued with a higher priority later would wait
 * behind them. H2 2.x understands this SQL; otherwise it is the default customization.
 */
public final class H2JdbcCustomization extends DefaultJdbcCustomization {

    public H2JdbcCustomization(boolean persistTimestampInUtc) {
        super(persistTimestampInUtc);
    }

    @Override
    public String getName() {
        return "H2";
    }

    @Override
    public boolean supportsExplicitQueryLimitPart() {
        return true;
    }

    @Override
    public String getQueryLimitPart(int limit) {
        return Queries.ansiSqlLimitPart(limit);
    }

    @Override
    public boolean supportsGenericLockAndFetch() {
        return true;
    }

    @Override
    public String createGenericSelectForUpdateQuery(String tableName, int limit, String requiredAndCondition,
                                                    boolean orderByPriority) {
        // H2 wants the row limit before FOR UPDATE; db-scheduler's template puts it after (as PostgreSQL allows).
        String orderAndLimit = Queries.ansiSqlOrderPart(orderByPriority) + " " + getQueryLimitPart(limit);
        return Queries.selectForUpdate(tableName, orderAndLimit, "", requiredAndCondition, " FOR UPDATE SKIP LOCKED",
                null, null);
    }
}
