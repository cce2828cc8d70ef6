package org.bridgeway.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves messages from the mailbox outbox to the recipients' mailboxes, exactly once.
 *
 * <p>The exchange that accepted a notice relays its own messages as soon as its audit transaction has committed
 * ({@link #relay}), so a recipient normally finds them within milliseconds. Whatever that could not do — the broker
 * was unavailable, or the gateway stopped in between — a background pass relays from the outbox table: at start, and
 * every {@value #SWEEP_MILLIS} ms. The broker's duplicate detection (keyed by the message id) makes a second relay of
 * the same message harmless, and a message its recipient has already acknowledged is never put back. Rows are
 * deleted in batches once their messages are in the broker; a crash before that only means they are relayed again
 * and dropped as duplicates.
 */
public final class MailboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxRelay.class);
    static final long SWEEP_MILLIS = 500;
    /** An exchange relays its own messages straight after its commit; the sweep leaves them to it for this long. */
    private static final Duration OWNER_GRACE = Duration.ofSeconds(2);
    private static final int SWEEP_BATCH = 500;

    private final DataSource dataSource;
    private final Mailboxes mailboxes;
    private final Clock clock;
    /** Messages relayed whose outbox rows are still to be deleted. */
    private final ConcurrentLinkedQueue<String> relayed = new ConcurrentLinkedQueue<>();
    /** Messages that an exchange in this process is about to relay itself, by id. */
    private final Set<String> owned = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;
    private volatile boolean brokerFailing;

    public MailboxRelay(DataSource dataSource, Mailboxes mailboxes, Clock clock) {
        this.dataSource = dataSource;
        this.mailboxes = mailboxes;
        this.clock = clock;
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mailbox-relay");
            t.setDaemon(true);
            return t;
        });
    }

    /** Relays what a previous run left in the outbox, then keeps sweeping in the background. */
    public MailboxRelay start() {
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, 0, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The exchange is about to commit these messages to the outbox and will relay them itself. */
    public void claim(List<Delivery> deliveries) {
        deliveries.forEach(d -> owned.add(d.messageId()));
    }

    /**
     * Puts an exchange's messages, just committed to the outbox, in their mailboxes. Returns whether they are there
     * now; when the broker cannot take them they stay in the outbox and the background pass relays them later.
     */
    public boolean relay(List<Delivery> deliveries, Instant acceptedAt) {
        try {
            send(deliveries, acceptedAt);
            return true;
        } catch (MailboxException e) {
            brokerUnavailable(e);
            return false;
        } finally {
            deliveries.forEach(d -> owned.remove(d.messageId()));
        }
    }

    /** The exchange's messages never reached the outbox (its audit append failed): nothing to relay. */
    public void release(List<Delivery> deliveries) {
        deliveries.forEach(d -> owned.remove(d.messageId()));
    }

    private void send(List<Delivery> deliveries, Instant acceptedAt) {
        try {
            mailboxes.put(deliveries, acceptedAt);
        } catch (MailboxException inTransaction) {
            // one of them may already be in the broker (relayed before a crash), which fails the whole transaction
            mailboxes.putEach(deliveries, acceptedAt);
        }
        deliveries.forEach(d -> relayed.add(d.messageId()));
        if (brokerFailing) {
            brokerFailing = false;
            LOG.info("the mailbox broker takes messages again; the outbox is being relayed");
        }
    }

    /**
     * One background pass: deletes the rows of relayed messages, then relays the oldest rows that no exchange of
     * this process is relaying itself. Returns how many messages it relayed.
     */
    public int sweep() throws SQLException {
        deleteRelayed();
        Instant ownersDone = clock.instant().minus(OWNER_GRACE);
        List<MailboxOutbox.Pending> pending;
        List<String> acknowledged;
        try (Connection c = dataSource.getConnection()) {
            pending = MailboxOutbox.oldest(c, SWEEP_BATCH).stream()
                    .filter(p -> !owned.contains(p.delivery().messageId()) || p.acceptedAt().isBefore(ownersDone))
                    .toList();
            if (pending.isEmpty()) {
                return 0;
            }
            acknowledged = MailboxOutbox.acknowledged(c, pending.stream().map(p -> p.delivery().messageId()).toList());
        }
        relayed.addAll(acknowledged);
        Map<Instant, List<Delivery>> byAcceptance = pending.stream()
                .filter(p -> !acknowledged.contains(p.delivery().messageId()))
                .collect(Collectors.groupingBy(MailboxOutbox.Pending::acceptedAt,
                        Collectors.mapping(MailboxOutbox.Pending::delivery, Collectors.toList())));
        int count = 0;
        for (Map.Entry<Instant, List<Delivery>> group : byAcceptance.entrySet()) {
            send(group.getValue(), group.getKey());
            count += group.getValue().size();
        }
        deleteRelayed();
        if (count > 0) {
            LOG.info("relayed {} message(s) from the mailbox outbox", count);
        }
        return count;
    }

    /** How many messages wait in the outbox: accepted and audited, not yet in their mailboxes. */
    public int backlog() throws SQLException {
        try (Connection c = dataSource.getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM mailbox_outbox");
             var rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void deleteRelayed() throws SQLException {
        List<String> ids = new ArrayList<>();
        for (String id; (id = relayed.poll()) != null; ) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            MailboxOutbox.delete(c, ids);
        } catch (SQLException | RuntimeException e) {
            relayed.addAll(ids); // deleted at the next pass; relaying them again meanwhile is harmless
            throw e;
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (MailboxException e) {
            brokerUnavailable(e);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot relay the mailbox outbox now ({}); trying again", e.getMessage());
        }
    }

    private void brokerUnavailable(MailboxException e) {
        if (!brokerFailing) {
            brokerFailing = true;
            LOG.warn("the mailbox broker cannot take messages ({}); accepted messages wait in the outbox",
                    e.getMessage());
        }
    }

    /** Stops the background pass after a last one, so a clean stop leaves as little as possible in the outbox. */
    @Override
    public void close() {
        sweeper.shutdown();
        try {
            if (sweeper.awaitTermination(10, TimeUnit.SECONDS)) {
                sweep();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("messages left in the mailbox outbox at stop are relayed at the next start ({})", e.getMessage());
        }
    }
}
