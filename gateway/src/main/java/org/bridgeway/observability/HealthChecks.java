package org.bridgeway.observability;

import java.sql.Connection;
import javax.sql.DataSource;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.delivery.MailboxBroker;
import org.bridgeway.policy.OpaDecisionPoint;
import org.bridgeway.policy.PolicyDecisionPoint;

/** The gateway's own readiness checks: the four dependencies without which it cannot accept a notice. */
public final class HealthChecks {
    /** How long the database may take to hand out a connection and answer a validation. */
    private static final int DATABASE_VALIDATION_SECONDS = 2;

    private HealthChecks() {
    }

    /** A connection from the pool that the driver validates (a round trip to PostgreSQL; H2 is in-process). */
    public static HealthCheck database(DataSource dataSource) {
        return check("database", () -> {
            try (Connection c = dataSource.getConnection()) {
                return c.isValid(DATABASE_VALIDATION_SECONDS) ? HealthCheck.Status.ok()
                        : HealthCheck.Status.down("connection not valid");
            }
        });
    }

    /**
     * The mailbox broker is usable: an embedded one started and live (Artemis stops itself on a critical I/O error; its
     * watchdog restarts it); an external pair answering a connection on whichever broker is active.
     */
    public static HealthCheck broker(MailboxBroker broker) {
        return check("broker", () -> {
            if (broker.external()) {
                broker.probe();
                return HealthCheck.Status.ok();
            }
            ActiveMQServer server = broker.server();
            if (server == null || server.getState() != ActiveMQServer.SERVER_STATE.STARTED || !server.isActive()) {
                return HealthCheck.Status.down("broker " + (server == null ? "absent"
                        : server.getState().name().toLowerCase()));
            }
            return HealthCheck.Status.ok();
        });
    }

    /**
     * The decision point can decide: an embedded policy is loaded at start (a gateway that cannot load it does not
     * start), so it is up while it names its revision; an OPA server is down while the client's circuit is open
     * (every decision would be a denial without asking).
     */
    public static HealthCheck decisionPoint(PolicyDecisionPoint decisionPoint) {
        return check("decision-point", () -> {
            if (decisionPoint instanceof OpaDecisionPoint opa) {
                String state = opa.circuitState();
                return "open".equals(state) ? HealthCheck.Status.down("OPA circuit open")
                        : HealthCheck.Status.ok();
            }
            String revision = decisionPoint.revision();
            return revision == null || revision.isBlank() ? HealthCheck.Status.down("no policy loaded")
                    : HealthCheck.Status.ok();
        });
    }

    /** The tree-head signer's last pass signed (or found signed) the committed tree. */
    public static HealthCheck auditSigning(TreeHeadSigner signer) {
        return check("audit-signing", () -> signer.signingFailure()
                .map(HealthCheck.Status::down).orElse(HealthCheck.Status.ok()));
    }

    /** A check whose body may throw. */
    public static HealthCheck check(String name, ThrowingCheck body) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status check() {
                try {
                    return body.check();
                } catch (Exception e) {
                    // the exception's class only: a message may quote a URL or a value
                    return Status.down(e.getClass().getSimpleName());
                }
            }
        };
    }

    @FunctionalInterface
    public interface ThrowingCheck {
        HealthCheck.Status check() throws Exception;
    }
}
