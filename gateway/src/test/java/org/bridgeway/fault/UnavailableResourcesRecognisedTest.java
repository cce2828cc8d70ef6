package org.bridgeway.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClosedException;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.apache.camel.CamelExecutionException;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.delivery.MailboxException;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.Test;

/**
 * The failures the gateway meets when a resource goes away — as the JDK, H2, PostgreSQL, Hikari, JMS and Artemis
 * word them, however deeply wrapped — mean "unavailable, try again"; a statement's own fault does not.
 */
class UnavailableResourcesRecognisedTest {

    @Test
    void aFullDiskIsStorageWhateverWrapsIt() {
        assertThat(resource(new UncheckedIOException(new FileSystemException("/data/db/bridgeway.mv.db", null,
                "No space left on device")))).isEqualTo(Unavailable.STORAGE);
        assertThat(resource(new SQLException("could not extend file", "53100"))).isEqualTo(Unavailable.STORAGE);
    }

    @Test
    void databaseFailuresThatARetryCouldCureAreTheDatabase() {
        assertThat(resource(new IllegalStateException("cannot record the notice's idempotency key",
                new SQLTransientConnectionException("Connection is not available, request timed out"))))
                .isEqualTo(Unavailable.DATABASE);
        assertThat(resource(new SQLException("terminating connection due to administrator command", "57P01")))
                .isEqualTo(Unavailable.DATABASE);
        assertThat(resource(new SQLException("HikariDataSource has been closed."))).isEqualTo(Unavailable.DATABASE);
        assertThat(resource(new RuntimeException(new MVStoreException(6, "Writing failed"))))
                .isEqualTo(Unavailable.DATABASE);
    }

    @Test
    void aStatementsOwnFaultIsUnexpectedNotUnavailable() {
        assertThat(Fault.of(new SQLIntegrityConstraintViolationException("duplicate key", "23505")))
                .isInstanceOf(Fault.Unexpected.class);
        assertThat(Fault.of(new SQLException("syntax error at or near", "42601"))).isInstanceOf(Fault.Unexpected.class);
        assertThat(Fault.of(new IllegalArgumentException("entry 0 is not in the tree")))
                .isInstanceOf(Fault.Unexpected.class);
    }

    @Test
    void theBrokerIsTheMailboxes() {
        assertThat(resource(new JMSException("AMQ219010: Connection is destroyed"))).isEqualTo(Unavailable.MAILBOXES);
        assertThat(resource(new RuntimeException(new ActiveMQNotConnectedException("not connected"))))
                .isEqualTo(Unavailable.MAILBOXES);
    }

    @Test
    void aDomainsOwnUnavailabilityOutranksTheFailureUnderIt() {
        assertThat(resource(new CamelExecutionException("failed", null, new AuditUnavailableException(
                "cannot append", new SQLTransientConnectionException("timeout"))))).isEqualTo(Unavailable.AUDIT_LOG);
        assertThat(resource(new MailboxException("cannot enqueue", new JMSException("closed"))))
                .isEqualTo(Unavailable.MAILBOXES);
    }

    @Test
    void expectedRefusalsAreRecognisedThroughWrappers() {
        assertThat(Fault.of(new CamelExecutionException("failed", null, new HttpClosedException("closed"))))
                .isInstanceOf(Fault.ClientGone.class);
        assertThat(Fault.of(new HttpClosedException("Connection was closed"))).isInstanceOf(Fault.ClientGone.class);
        assertThat(Fault.of(new IOException("Connection reset by peer"))).isInstanceOf(Fault.ClientGone.class);
    }

    @Test
    void aCauseCycleEndsTheWalk() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(Fault.of(a)).isInstanceOf(Fault.Unexpected.class);
    }

    private static Unavailable resource(Throwable failure) {
        Fault fault = Fault.of(failure);
        assertThat(fault).isInstanceOf(Fault.ResourceUnavailable.class);
        return ((Fault.ResourceUnavailable) fault).resource();
    }
}
