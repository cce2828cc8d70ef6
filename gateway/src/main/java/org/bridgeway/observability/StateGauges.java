package org.bridgeway.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.DataSource;
import java.time.Duration;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.policy.OpaDecisionPoint;
import org.bridgeway.policy.PolicyDecisionPoint;

/**
 * Gauges of state the gateway already keeps: the audit log's size and signing, the mailbox outbox, and the OPA
 * client's circuit.
 */
public final class StateGauges {
    /** How many untimestamped heads a scrape counts at most: beyond it the backlog is "at least" this. */
    static final int TIMESTAMP_BACKLOG_LIMIT = 10_000;

    private StateGauges() {
    }

    public static void audit(MeterRegistry registry, AuditLog log, TreeHeadSigner signer, Clock clock) {
        Gauge.builder("bridgeway.audit.tree.size", log, AuditLog::size)
                .description("Entries in the audit log's Merkle tree, as this node last committed").register(registry);
        Gauge.builder("bridgeway.audit.head.signing.age", signer, s -> s.lastSigned()
                        .map(at -> Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0))
                        .orElse(0.0))
                .baseUnit("seconds")
                .description("Since a signing pass last signed (or found signed) the committed tree; grows while "
                        + "signing fails (a pass runs every second)")
                .register(registry);
        Gauge.builder("bridgeway.audit.head.signing.failing", signer, s -> s.signingFailure().isPresent() ? 1 : 0)
                .description("1 while the last tree-head signing pass failed").register(registry);
        Gauge.builder("bridgeway.audit.heads.untimestamped", signer,
                        s -> s.untimestampedHeads(TIMESTAMP_BACKLOG_LIMIT))
                .description("Signed tree heads waiting for an RFC 3161 time-stamp token (0 without a TSA)")
                .register(registry);
        Gauge.builder("bridgeway.audit.tsa.failing", signer, s -> s.timestampsFailing() ? 1 : 0)
                .description("1 while the time-stamping authority failed at its last call").register(registry);
    }

    /**
     * Messages accepted and audited but not yet confirmed in the broker: they wait in the database's outbox while
     * the broker is away, and are relayed when it is back (rows are cleared in batches, so a few are always there
     * for half a second after a burst). Read from the database when scraped.
     */
    public static void outbox(MeterRegistry registry, DataSource dataSource) {
        Gauge.builder("bridgeway.mailbox.outbox.pending", dataSource, StateGauges::outboxRows)
                .description("Accepted messages waiting in the outbox to be relayed to the mailboxes")
                .register(registry);
    }

    private static double outboxRows(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM mailbox_outbox")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return Double.NaN; // the database's readiness check says why
        }
    }

    /**
     * The OPA client's circuit: 0 closed, 1 half-open, 2 open. The embedded decision point has no circuit and is
     * always 0, so that one alert rule serves both.
     */
    public static void decisionPoint(MeterRegistry registry, PolicyDecisionPoint decisionPoint) {
        Gauge.builder("bridgeway.policy.opa.circuit.state", decisionPoint,
                        d -> d instanceof OpaDecisionPoint opa ? circuitCode(opa.circuitState()) : 0)
                .description("The OPA client's circuit breaker: 0 closed, 1 half-open, 2 open (decisions denied "
                        + "without asking); always 0 for the embedded decision point")
                .register(registry);
    }

    static int circuitCode(String state) {
        return switch (state) {
            case "closed" -> 0;
            case "half-open" -> 1;
            default -> 2;
        };
    }
}
