package com.pipelines.scheduling;

import java.time.Instant;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * An execution written inside a transaction is only seen at the scheduler's next poll: one due now makes the
 * scheduler look at once, after the commit (or at once when there is no transaction).
 */
public final class DueSoon {

    private DueSoon() {
    }

    public static void wake(Scheduler scheduler, Instant executeAt) {
        if (executeAt.isAfter(Instant.now())) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    scheduler.triggerCheckForDueExecutions();
                }
            });
        } else {
            scheduler.triggerCheckForDueExecutions();
        }
    }
}
