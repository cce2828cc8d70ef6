package org.bridgeway.fault;

import jakarta.jms.JMSException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.vertx.core.http.HttpClosedException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.delivery.MailboxException;
import org.bridgeway.policy.DecisionLogUnavailableException;
import org.h2.mvstore.MVStoreException;

/**
 * What a failure means to the party that asked, decided in this one place by walking the failure's causes. Only
 * {@link Unexpected} is a fault of the gateway worth an error and a stack trace; the others are answered (a rule's
 * refusal by its status, 503 when a resource is unavailable) or not (the client is gone) and logged as one line.
 */
public sealed interface Fault {

    /** A resource the gateway needs cannot be used now: 503 with {@code Retry-After}; the gateway recovers alone. */
    record ResourceUnavailable(Unavailable resource, Throwable cause) implements Fault {
    }

    /** A rule refused the request after admission ({@link RuleRefused}): 400, 403 or 409 with the rule. */
    record Refused(RuleRefused refusal) implements Fault {
    }

    /** The client closed the connection: there is nobody left to answer. */
    record ClientGone(Throwable cause) implements Fault {
    }

    /** Anything else: 500, logged with its stack trace. */
    record Unexpected(Throwable failure) implements Fault {
    }

    /**
     * SQLSTATE classes of failures caused by the statement or its data, which a retry would not cure: cardinality,
     * data, integrity, syntax or access, check option, unsupported feature. Every other database failure means the
     * database cannot be used now (connection, resources, shutdown, locks, I/O, a closed or broken store).
     */
    Set<String> STATEMENT_FAULTS = Set.of("21", "22", "23", "42", "44", "0A");

    /** What {@code failure} means; a domain's own "unavailable" outranks the database or broker failure under it. */
    static Fault of(Throwable failure) {
        List<Throwable> chain = causes(failure);
        for (Throwable t : chain) {
            if (t instanceof RuleRefused refused) {
                return new Refused(refused);
            }
        }
        for (Throwable t : chain) {
            Optional<Unavailable> domain = domainUnavailable(t);
            if (domain.isPresent()) {
                return new ResourceUnavailable(domain.get(), t);
            }
        }
        for (Throwable t : chain) {
            if (diskFull(t)) {
                return new ResourceUnavailable(Unavailable.STORAGE, t);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof MVStoreException || t instanceof SQLException sql && databaseUnavailable(sql)) {
                return new ResourceUnavailable(Unavailable.DATABASE, t);
            }
            if (t instanceof JMSException || t instanceof ActiveMQException) {
                return new ResourceUnavailable(Unavailable.MAILBOXES, t);
            }
        }
        for (Throwable t : chain) {
            if (clientGone(t)) {
                return new ClientGone(t);
            }
        }
        return new Unexpected(failure);
    }

    /** The failure and its causes, outermost first; a cause cycle ends the walk. */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static Optional<Unavailable> domainUnavailable(Throwable t) {
        if (t instanceof AuditUnavailableException) {
            return Optional.of(Unavailable.AUDIT_LOG);
        }
        if (t instanceof DecisionLogUnavailableException) {
            return Optional.of(Unavailable.DECISION_LOG);
        }
        if (t instanceof MailboxException) {
            return Optional.of(Unavailable.MAILBOXES);
        }
        return Optional.empty();
    }

    /** ENOSPC as the JDK words it, or PostgreSQL's disk_full (53100). */
    private static boolean diskFull(Throwable t) {
        if (t instanceof SQLException sql && "53100".equals(sql.getSQLState())) {
            return true;
        }
        return t instanceof IOException && t.getMessage() != null && t.getMessage().contains("No space left on device");
    }

    private static boolean databaseUnavailable(SQLException e) {
        if (e instanceof SQLSyntaxErrorException || e instanceof SQLDataException
                || e instanceof SQLIntegrityConstraintViolationException
                || e instanceof SQLFeatureNotSupportedException) {
            return false;
        }
        String state = e.getSQLState();
        return state == null || state.length() < 2 || !STATEMENT_FAULTS.contains(state.substring(0, 2));
    }

    /** The peer closed or reset the connection while the request was read or the answer written. */
    private static boolean clientGone(Throwable t) {
        if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
            return true;
        }
        String message = t.getMessage();
        return t instanceof IOException && message != null
                && (message.contains("Connection reset by peer") || message.contains("Broken pipe"));
    }
}
