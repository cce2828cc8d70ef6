package org.bridgeway.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.AuditUnavailableException;

/**
 * Audits a recipient's acknowledgement of a message once. The ACKNOWLEDGED entry and the message's row in
 * {@code mailbox_ack} commit together, before the broker removes the message; if the gateway stops in between, the
 * message is still in the mailbox, the recipient acknowledges it again, and this time it is only removed.
 */
public final class Acknowledgements {
    private final DataSource dataSource;
    private final AuditLog auditLog;
    private final Clock clock;

    public Acknowledgements(DataSource dataSource, AuditLog auditLog, Clock clock) {
        this.dataSource = dataSource;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** Records the acknowledgement of {@code message} by {@code recipient}, unless it was recorded before. */
    public void recordOnce(String recipient, MailboxMessage message) {
        if (acknowledged(recipient, message.messageId())) {
            return;
        }
        auditLog.append(List.of(new AuditEvent(AuditEventType.ACKNOWLEDGED, message.exchangeId(), recipient, recipient,
                        Map.of("messageId", message.messageId(), "format", message.format()))),
                c -> MailboxOutbox.insertAcknowledgement(c, message.messageId(), recipient, clock.instant()));
    }

    /**
     * Those of {@code messageIds} that {@code recipient} has acknowledged, as the database holds it. A gateway node that
     * stopped between the acknowledgement's commit and the broker's removal leaves the message in the mailbox for a
     * while: it is acknowledged all the same, and is neither listed nor fetched again ({@link #finish}).
     */
    public Set<String> acknowledgedAmong(String recipient, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Set.of();
        }
        try (Connection c = dataSource.getConnection()) {
            return Set.copyOf(MailboxOutbox.acknowledged(c, Optional.of(recipient), messageIds));
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the acknowledgements", e);
        }
    }

    /**
     * Whether {@code recipient} acknowledged {@code messageId}: a repeated acknowledgement is answered as the first
     * was; to anyone else the message is one they never had.
     */
    public boolean acknowledged(String recipient, String messageId) {
        return !acknowledgedAmong(recipient, List.of(messageId)).isEmpty();
    }

    /** Removes from the mailbox a message acknowledged before whose removal was cut off; audits nothing again. */
    public void finish(Mailboxes mailboxes, String recipient, String messageId) {
        mailboxes.acknowledge(recipient, messageId, message -> recordOnce(recipient, message));
    }
}
