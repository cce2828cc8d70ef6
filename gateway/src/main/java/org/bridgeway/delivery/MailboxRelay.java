package org.bridgeway.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.bridgeway.store.Database;
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
 * deleted as soon as their messages are in the broker, in batches of what was relayed meanwhile, by the background
 * thread; a crash before that only means they are relayed again and dropped as duplicates. Soon, not at the next
 * pass: a row deleted before the embedded database's next store (every few hundred ms under load) is never written
 * to its file, and the outbox's rendered messages were a third of what it wrote.
 */
public final class MailboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxRelay.class);
    static final long SWEEP_MILLIS = 500;
    /** An exchange relays its own messages straight after its commit; the sweep leaves them to it for this long. */
    private static final Duration OWNER_GRACE = Duration.ofSeconds(10);
    private static final int SWEEP_BATCH = 500;
    /** How long relayed rows wait for those of the exchanges relayed after them, to be deleted together. */
    private static final long DELETION_DELAY_MILLIS = 20;

    private final DataSource dataSource;
    private final Mailboxes mailboxes;
    private final Clock clock;
    /**
     * Messages relayed whose outbox rows are still to be deleted: the sweep must not take them for messages still
     * waiting. Bounded by what is relayed between two sweeps.
     */
    private final Set<String> relayed = ConcurrentHashMap.newKeySet();
    /** When each relayed message reached its mailbox, recorded as delivered with the deletion of its outbox row. */
    private final Map<String, Instant> relayedAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    /** A deletion of relayed rows is waiting for the background thread: the relays meanwhile need not ask for one. */
    private final AtomicBoolean deletionQueued = new AtomicBoolean();
    private volatile boolean brokerFailing;

    /** Told which organisations just got mail (the mail-waiting webhooks); must return at once. */
    private final Consumer<Set<String>> mailArrived;

    public MailboxRelay(DataSource dataSource, Mailboxes mailboxes, Clock clock) {
        this(dataSource, mailboxes, clock, organisations -> { });
    }

    public MailboxRelay(DataSource dataSource, Mailboxes mailboxes, Clock clock, Consumer<Set<String>> mailArrived) {
        this.mailArrived = mailArrived;
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

    /**
     * Puts an exchange's messages, just committed to the outbox, in their mailboxes. Returns whether they are there
     * now; when the broker cannot take them they stay in the outbox and the background pass relays them later.
     */
    public boolean relay(List<Delivery> deliveries) {
        try {
            send(deliveries);
            return true;
        } catch (MailboxException e) {
            brokerUnavailable(e);
            return false;
        }
    }

    private void send(List<Delivery> deliveries) {
        Instant now = clock.instant();
        try {
            mailboxes.put(deliveries, now);
        } catch (MailboxException inTransaction) {
            // one of them may already be in the broker (relayed before a crash), which fails the whole transaction
            mailboxes.putEach(deliveries, now);
        }
        deliveries.forEach(d -> {
            relayedAt.putIfAbsent(d.messageId(), now);
            relayed.add(d.messageId());
        });
        deleteRelayedSoon();
        try {
            mailArrived.accept(deliveries.stream().map(Delivery::recipient).collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            LOG.warn("cannot tell recipients mail is waiting ({}); it is in their mailboxes", e.toString());
        }
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
        List<Delivery> pending;
        List<String> acknowledged;
        try (Connection c = dataSource.getConnection()) {
            // only rows already on disk: a row committed but lost in a crash would be a delivery never audited
            Database.syncCommitted(c);
            pending = MailboxOutbox.oldest(c, clock.instant().minus(OWNER_GRACE), SWEEP_BATCH).stream()
                    .filter(d -> !relayed.contains(d.messageId()))
                    .toList();
            if (pending.isEmpty()) {
                return 0;
            }
            acknowledged = MailboxOutbox.acknowledged(c, java.util.Optional.empty(),
                    pending.stream().map(Delivery::messageId).toList());
        }
        relayed.addAll(acknowledged);
        List<Delivery> waiting = pending.stream().filter(d -> !acknowledged.contains(d.messageId())).toList();
        if (!waiting.isEmpty()) {
            send(waiting);
        }
        int count = waiting.size();
        deleteRelayed();
        if (count > 0) {
            LOG.info("relayed {} message(s) from the mailbox outbox", count);
        }
        return count;
    }

    private void deleteRelayed() throws SQLException {
        List<String> ids = List.copyOf(relayed);
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            // the delivery times committed with the first rows' deletion: one writing transaction, not two
            c.setAutoCommit(false);
            try {
                // an acknowledged message not relayed by this process was delivered before: its time is the sweep's
                Instant sweptAt = clock.instant();
                DeliveryStates.delivered(c, ids.stream()
                        .collect(Collectors.toMap(id -> id, id -> relayedAt.getOrDefault(id, sweptAt))));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            MailboxOutbox.delete(c, ids);
        }
        ids.forEach(id -> {
            relayed.remove(id);
            relayedAt.remove(id);
        }); // on failure they stay, to be deleted at the next pass
    }

    /** Has the background thread delete the relayed rows next, unless a deletion is already waiting for it. */
    private void deleteRelayedSoon() {
        if (!deletionQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            // a moment later, so that one deletion takes the rows of every exchange relayed meanwhile (each deletion
            // is a writing transaction, and the embedded database writes one at a time): still long before its next
            // store
            sweeper.schedule(() -> {
                deletionQueued.set(false); // what is relayed from now on asks for the next deletion
                try {
                    deleteRelayed();
                } catch (SQLException | RuntimeException e) {
                    LOG.debug("cannot delete relayed outbox rows now ({}); the next pass does", e.toString());
                }
            }, DELETION_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            deletionQueued.set(false); // closing: its last pass deletes them, or the next start's does
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
