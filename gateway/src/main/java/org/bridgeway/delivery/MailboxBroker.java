package org.bridgeway.delivery;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.bridgeway.delivery.push.PushEndpoints;
import org.bridgeway.delivery.push.PushQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Apache ActiveMQ Artemis broker that holds every recipient's durable mailbox, and the gateway's client of it.
 * Either embedded in this process (one node on its own: persistent NIO journal under the data directory, so an
 * unacknowledged message survives a restart), or external: a replicated primary/backup pair that several gateway nodes
 * share ({@link #external}; {@link BrokerNode} runs one broker of the pair). Both are configured by
 * {@link #configuration} — the addresses, dead-letter and expiry settings and push diverts are one definition
 * wherever the broker runs.
 */
public final class MailboxBroker implements AutoCloseable {
    /** Queues of recipients' mailboxes share this prefix; one anycast queue per organisation. */
    public static final String MAILBOX_PREFIX = "mailbox.";
    public static final String DEAD_LETTERS = "bridgeway.dead-letter";
    /**
     * Where the broker moves a mailbox message its recipient did not acknowledge within the delivery window (its time
     * to live, set at send); {@link MailboxExpiry} turns each into a non-delivery report to the sender.
     */
    public static final String EXPIRED = "bridgeway.expired";
    /**
     * How often the broker looks for expired messages: a message expires at most this late, against delivery windows
     * of hours or days. Each look walks every message of every mailbox, so its cost grows with recipients' backlogs
     * (6% of the gateway's CPU at every 5 s with the pipeline bench's undrained mailboxes).
     */
    static final long EXPIRY_SCAN_MILLIS = 60_000;
    /** The system property that sets another period, in milliseconds (the tests of expiry shorten it). */
    public static final String EXPIRY_SCAN_PROPERTY = "bridgeway.broker.expiryScanMillis";
    /**
     * The system property that sets how long the journal holds a sync for more writes to join it, in nanoseconds,
     * instead of the time the journal's disk takes to sync a page, measured at start ({@link JournalSyncTime}).
     */
    public static final String JOURNAL_BUFFER_TIMEOUT_PROPERTY = "bridgeway.broker.journalBufferTimeoutNanos";

    private static final Logger LOG = LoggerFactory.getLogger(MailboxBroker.class);
    private static final AtomicInteger NEXT_VM_ID = new AtomicInteger();
    /** A send or commit the broker has not answered by then fails, and the message waits in the outbox. */
    private static final long CALL_TIMEOUT_MILLIS = 10_000;
    /** How long a readiness probe of an external broker may take to connect. */
    private static final long PROBE_TIMEOUT_MILLIS = 2_000;

    /** How often the watchdog looks for a broker that has stopped itself. */
    private static final long WATCH_MILLIS = 1_000;
    /** Between a client's attempts to reach the broker again after losing it. */
    private static final long RECONNECT_INTERVAL_MILLIS = 500;

    /** Null for an external broker. */
    private final EmbeddedActiveMQ server;
    private final String clientUrl;
    /** Null for the embedded broker, which is reached in-VM with security off. */
    private final BrokerCredentials credentials;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mailbox-broker-watchdog");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;
    private volatile boolean down;

    public MailboxBroker(Path directory) {
        this(directory, PushEndpoints.none());
    }

    /** An embedded broker that also routes the notices of forces taking push delivery to their push queues. */
    public MailboxBroker(Path directory, PushEndpoints push) {
        int vmId = NEXT_VM_ID.getAndIncrement();
        Configuration config = configuration("bridgeway-embedded", directory, push).setSecurityEnabled(false);
        try {
            config.addAcceptorConfiguration("in-vm", "vm://" + vmId);
        } catch (Exception e) {
            throw new IllegalStateException("cannot configure the in-VM acceptor", e);
        }
        server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        clientUrl = "vm://" + vmId;
        credentials = null;
    }

    private MailboxBroker(String url, BrokerCredentials credentials) {
        server = null;
        clientUrl = url;
        this.credentials = credentials;
    }

    /**
     * A client of an external broker pair, e.g. {@code (tcp://a:61616,tcp://b:61616)?ha=true}: its calls fail over to
     * the backup when the primary is lost (sends and commits in flight then fail, and the outbox relays them again;
     * the broker's duplicate detection drops what had arrived). Nothing is connected until the first use.
     */
    public static MailboxBroker external(String url, BrokerCredentials credentials) {
        return new MailboxBroker(url, credentials);
    }

    /** A client of an external pair over TLS, trusting only {@code trustAnchor} (PEM) and checking the brokers' names. */
    public static MailboxBroker external(String url, BrokerCredentials credentials, Path trustAnchor) {
        return new MailboxBroker(BrokerTls.withClientParameters(url, trustAnchor), credentials);
    }

    /**
     * The broker's own settings, wherever it runs: a persistent journal under {@code directory}, the mailbox, dead-letter
     * and expiry addresses, and the push queues and diverts of {@code push}. Acceptors, security and high availability
     * are the caller's.
     */
    public static Configuration configuration(String name, Path directory, PushEndpoints push) {
        Configuration config = new ConfigurationImpl()
                .setName(name)
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(directory.resolve("journal").toString())
                .setBindingsDirectory(directory.resolve("bindings").toString())
                .setPagingDirectory(directory.resolve("paging").toString())
                .setLargeMessagesDirectory(directory.resolve("large-messages").toString())
                .setJMXManagementEnabled(false)
                .setMessageExpiryScanPeriod(Long.getLong(EXPIRY_SCAN_PROPERTY, EXPIRY_SCAN_MILLIS))
                .setJournalBufferTimeout_NIO(journalBufferTimeout(directory.resolve("journal")));
        config.addAddressSetting(MAILBOX_PREFIX + "#", durableQueues()
                .setMaxDeliveryAttempts(10)
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(EXPIRED)));
        // expired messages wait here until reported
        holdingQueue(config, EXPIRED);
        // a mailbox message whose acknowledgement failed max-delivery-attempts times waits here for an operator (the
        // dead-letter API lists and replays it). Declared at start: otherwise the queue exists only once a client has
        // browsed it (auto-created), and the broker drops a dead letter whose address has no queue
        holdingQueue(config, DEAD_LETTERS);
        PushQueues.configure(config, push);
        return config;
    }

    /**
     * How long the journal holds a sync for more writes to join it: as set by {@value #JOURNAL_BUFFER_TIMEOUT_PROPERTY},
     * or the time the journal's disk takes to sync a page, or, when that cannot be measured (a full disk), Artemis's
     * default for NIO.
     */
    static int journalBufferTimeout(Path journal) {
        Integer set = Integer.getInteger(JOURNAL_BUFFER_TIMEOUT_PROPERTY);
        if (set != null) {
            return set;
        }
        try {
            Duration sync = JournalSyncTime.measure(journal);
            LOG.info("the mailbox journal's disk syncs a page in {} ms: the journal holds a sync that long for more"
                    + " writes to join it", String.format("%.3f", sync.toNanos() / 1e6));
            return (int) sync.toNanos();
        } catch (IOException e) {
            LOG.warn("cannot measure how fast the mailbox journal's disk syncs ({}); the journal holds each sync for"
                    + " Artemis's default of {} ms", e.toString(),
                    String.format("%.3f", JournalSyncTime.ARTEMIS_NIO_DEFAULT.toNanos() / 1e6));
            return (int) JournalSyncTime.ARTEMIS_NIO_DEFAULT.toNanos();
        }
    }

    /** Whether the mailboxes are on an external broker pair rather than in this process. */
    public boolean external() {
        return server == null;
    }

    public MailboxBroker start() {
        if (server == null) {
            LOG.info("mailboxes on the external broker {}{}", clientUrl.replaceAll("\\?.*", ""),
                    clientUrl.contains("sslEnabled=true") ? " over TLS" : "");
            return this;
        }
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Artemis broker", e);
        }
        watchdog.scheduleWithFixedDelay(this::restartIfStopped, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Artemis stops itself on a critical I/O error (its disk full, say) and stays stopped. The gateway must serve
     * again once the cause is gone without being restarted, so the watchdog starts the broker again, on the same
     * journal, as soon as it can; its clients reconnect by themselves ({@link #client()}), and messages accepted
     * meanwhile wait in the outbox.
     */
    private void restartIfStopped() {
        ActiveMQServer broker = server.getActiveMQServer();
        if (closing || broker == null || broker.getState() != ActiveMQServer.SERVER_STATE.STOPPED) {
            return;
        }
        if (!down) {
            down = true;
            LOG.warn("the mailbox broker has stopped; starting it again as soon as it can");
        }
        try {
            broker.start();
            down = false;
            LOG.info("the mailbox broker is running again");
        } catch (Exception e) {
            LOG.debug("the mailbox broker cannot start yet: {}", e.toString());
            try {
                broker.stop();
            } catch (Exception ignored) {
                // still stopped: the next round tries again
            }
        }
    }

    /** The running embedded broker, for operations and tests that must reach it directly; null when external. */
    public ActiveMQServer server() {
        return server == null ? null : server.getActiveMQServer();
    }

    /** The broker's queues as the gauges read them: from the broker object, or through an external pair's management. */
    public BrokerQueues queues() {
        return server == null ? BrokerQueues.managed(failingFast()) : BrokerQueues.of(this::server);
    }

    /**
     * Whether an external broker pair can be reached now: a connection to whichever broker of the pair is active,
     * opened and closed within {@value #PROBE_TIMEOUT_MILLIS} ms.
     *
     * @throws jakarta.jms.JMSException naming why not (no broker answers, the credentials are refused)
     */
    public void probe() throws jakarta.jms.JMSException {
        try (ActiveMQConnectionFactory factory = failingFast();
             jakarta.jms.Connection connection = factory.createConnection()) {
            connection.start();
        }
    }

    /** A client for a probe or a reading, which must answer now or fail, not wait for the broker to come back. */
    private ActiveMQConnectionFactory failingFast() {
        ActiveMQConnectionFactory factory = client();
        factory.setReconnectAttempts(0);
        factory.setInitialConnectAttempts(1);
        factory.setCallTimeout(PROBE_TIMEOUT_MILLIS);
        factory.setConnectionTTL(PROBE_TIMEOUT_MILLIS * 5);
        return factory;
    }

    public ConnectionFactory connectionFactory() {
        return client();
    }

    /**
     * Connections for clients that list queues with browsers (the mailboxes, the dead-letter queues) and take single
     * messages by selector. A JMS browser's listing ends at the first answer to a forced delivery, and with flow
     * control the client returns its credits from another thread: a force that overtakes them finds the broker
     * waiting for credit, and the listing stops one window (1 MiB of messages) short of the end. Without flow
     * control the broker never waits, so a listing reaches the end; the cost is that a browse may hold the rest of
     * the queue in the client while it is read.
     */
    public ConnectionFactory listingConnectionFactory() {
        ActiveMQConnectionFactory factory = client();
        factory.setConsumerWindowSize(-1);
        return factory;
    }

    /** A client of this broker whose every call is answered or fails within a bounded time. */
    private ActiveMQConnectionFactory client() {
        ActiveMQConnectionFactory factory = credentials == null ? new ActiveMQConnectionFactory(clientUrl)
                : new ActiveMQConnectionFactory(clientUrl, credentials.user(), credentials.password());
        factory.setCallTimeout(CALL_TIMEOUT_MILLIS);
        factory.setCallFailoverTimeout(CALL_TIMEOUT_MILLIS);
        // a broker that stopped and started again is reached again, its sessions re-created
        factory.setReconnectAttempts(-1);
        factory.setRetryInterval(RECONNECT_INTERVAL_MILLIS);
        return factory;
    }

    /**
     * Connections for consumers that take one message at a time inside a transaction (the push routes): no
     * prefetch, so a message waiting behind one being retried is not held by a busy consumer, and every delivery
     * count the broker reports is that message's own.
     */
    public ConnectionFactory oneAtATimeConnectionFactory() {
        ActiveMQConnectionFactory factory = client();
        factory.setConsumerWindowSize(0);
        return factory;
    }

    @Override
    public void close() throws Exception {
        closing = true;
        watchdog.shutdownNow();
        if (server != null) {
            server.stop();
        }
    }

    /**
     * A queue declared at start where messages wait, however old, until the gateway or an operator takes them: nothing
     * on it expires or is dead-lettered in turn. Its dead-letter and expiry addresses are never used (no attempt
     * limit, no time to live); they are named so that nothing could ever be dropped, and so that the broker does not
     * warn at every start that they are missing.
     */
    public static void holdingQueue(Configuration config, String name) {
        config.addAddressSetting(name, new AddressSettings()
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                .setMaxDeliveryAttempts(-1)
                .setNoExpiry(true)
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(EXPIRED)));
        config.addAddressConfiguration(anycastQueue(name));
    }

    /** An address with one durable point-to-point queue of the same name, declared at start. */
    public static CoreAddressConfiguration anycastQueue(String name) {
        return new CoreAddressConfiguration()
                .setName(name)
                .addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name).setAddress(name)
                        .setRoutingType(RoutingType.ANYCAST).setDurable(true));
    }

    /**
     * Point-to-point queues created on first use and never deleted, so a recipient's messages outlive a quiet
     * spell: the base of the mailbox and push queue settings.
     */
    public static AddressSettings durableQueues() {
        return new AddressSettings()
                // Refuse a message at once when the disk (or the broker's memory) is full, rather than block the
                // sender indefinitely: accepted messages wait in the database's outbox and are relayed when there
                // is room again, and a notice the database cannot take either is answered 503.
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL)
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false);
    }
}
