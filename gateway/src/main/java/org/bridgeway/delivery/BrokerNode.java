package org.bridgeway.delivery;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.bridgeway.delivery.push.PushEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker of the replicated pair that holds the mailboxes of a multi-node deployment, run as a process of its own
 * ({@code bridgeway broker}). The primary serves and replicates every journal write to the backup before answering;
 * when the primary is lost the backup becomes active with everything the primary had acknowledged, and the gateway
 * nodes' clients fail over to it. A primary started again finds the active backup, takes the journal back from it and
 * serves again (fail-back). The addresses, dead-letter and expiry settings and push diverts are
 * {@link MailboxBroker#configuration}, the same as an embedded broker's.
 *
 * <p>Only the core protocol is accepted, from clients that give the pair's user and password
 * ({@link BrokerCredentials}); the two brokers authenticate to each other with the same.
 */
public final class BrokerNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerNode.class);
    /** How soon a lost peer is noticed and a lost link retried. */
    private static final long PEER_CHECK_MILLIS = 1_000;
    private static final String CLUSTER = "bridgeway-pair";
    private static final long NETWORK_CHECK_MILLIS = 5_000;

    /** Which broker of the pair this is. */
    public enum PairRole {
        PRIMARY, BACKUP
    }

    /**
     * @param bind      where this broker accepts connections, {@code host:port}
     * @param advertise how the peer and the gateway nodes reach this broker, {@code host:port}
     * @param peer      how this broker reaches the other one, {@code host:port}
     * @param networkCheck addresses this broker must reach to serve (comma-separated; empty for none): a pair of two
     *                  has no third member to vote, so a broker cut off from the network must stop by itself,
     *                  or both brokers could be active at once
     * @param tls       TLS for clients and the replication link; empty for plain TCP (a private network only)
     */
    public record Settings(PairRole role, Path directory, String bind, String advertise, String peer,
                           PushEndpoints push, BrokerCredentials credentials, String networkCheck, Optional<Tls> tls) {
        public Settings {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(advertise, "advertise");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(push, "push");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(networkCheck, "networkCheck");
            Objects.requireNonNull(tls, "tls");
        }
    }

    /**
     * @param keyStore         the broker's key and certificate (PKCS#12), presented to clients and to the peer
     * @param keyStorePassword its password ({@value BrokerTls#KEY_STORE_PASSWORD_VARIABLE})
     * @param trustAnchor      the root (PEM) the peer's certificate must chain to
     */
    public record Tls(Path keyStore, String keyStorePassword, Path trustAnchor) {
        @Override
        public String toString() {
            return "Tls[" + keyStore + ", password redacted, " + trustAnchor + "]";
        }
    }

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final Settings settings;

    public BrokerNode(Settings settings) {
        this.settings = settings;
        BrokerCredentials credentials = settings.credentials();
        String user = credentials.user();
        String password = credentials.password(); // refused here, at start, when unset
        Configuration config = MailboxBroker.configuration("bridgeway-" + settings.role().name().toLowerCase(),
                settings.directory(), settings.push())
                .setSecurityEnabled(true)
                .setClusterUser(user)
                .setClusterPassword(password);
        try {
            config.addAcceptorConfiguration("core", "tcp://" + settings.bind() + "?protocols=CORE");
            config.addConnectorConfiguration("self", "tcp://" + settings.advertise());
            config.addConnectorConfiguration("peer", "tcp://" + settings.peer());
            settings.tls().ifPresent(tls -> {
                config.getAcceptorConfigurations().forEach(acceptor -> acceptor.getParams()
                        .putAll(BrokerTls.acceptorParameters(tls.keyStore(), tls.keyStorePassword())));
                Map<String, Object> client = BrokerTls.clientParameters(tls.trustAnchor());
                config.getConnectorConfigurations().values().forEach(c -> c.getParams().putAll(client));
            });
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use the broker addresses " + settings.bind() + ", "
                    + settings.advertise() + ", " + settings.peer() + ": " + e.getMessage(), e);
        }
        if (!settings.networkCheck().isBlank()) {
            // Artemis pings these (ICMP, or the ping command) and stops this broker while none answers
            config.setNetworkCheckList(settings.networkCheck()).setNetworkCheckPeriod(NETWORK_CHECK_MILLIS)
                    .setNetworkCheckTimeout((int) NETWORK_CHECK_MILLIS);
        }
        config.addClusterConfiguration(new ClusterConnectionConfiguration()
                .setName(CLUSTER)
                .setConnectorName("self")
                .setStaticConnectors(List.of("peer"))
                .setRetryInterval(PEER_CHECK_MILLIS)
                .setClientFailureCheckPeriod(PEER_CHECK_MILLIS)
                .setConnectionTTL(PEER_CHECK_MILLIS * 5)
                .setReconnectAttempts(-1));
        config.setHAPolicyConfiguration(settings.role() == PairRole.PRIMARY
                // started again after a failover, the primary finds the active backup and takes over from it
                ? new ReplicatedPolicyConfiguration().setCheckForActiveServer(true).setClusterName(CLUSTER)
                : new ReplicaPolicyConfiguration().setAllowFailBack(true).setRestartBackup(true)
                        .setClusterName(CLUSTER));
        // every role to the one user: the pair serves the gateway nodes and nothing else
        config.putSecurityRoles("#", Set.of(new org.apache.activemq.artemis.core.security.Role(
                "bridgeway", true, true, true, true, true, true, true, true, true, true, true, true)));
        server.setConfiguration(config);
        server.setSecurityManager(new OneUser(user, password));
    }

    public BrokerNode start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the " + settings.role().name().toLowerCase()
                    + " broker on " + settings.bind() + ": " + e.getMessage(), e);
        }
        LOG.info("{} broker accepting on {} (peer {})", settings.role().name().toLowerCase(), settings.bind(),
                settings.peer());
        return this;
    }

    /** The running broker (null before it starts), for its gauges. */
    public ActiveMQServer server() {
        return server.getActiveMQServer();
    }

    /** Serving clients now (a primary, or a backup that took over), rather than replicating as a backup. */
    public boolean active() {
        ActiveMQServer broker = server.getActiveMQServer();
        return broker != null && broker.isActive();
    }

    /**
     * What the readiness probe reports: active, or a backup holding a current copy of the primary's journal (ready to
     * take over); anything else (starting, a backup still copying, stopped) is not ready.
     */
    public String state() {
        ActiveMQServer broker = server.getActiveMQServer();
        if (broker == null) {
            return "absent";
        }
        if (broker.isActive()) {
            return "active";
        }
        return broker.isReplicaSync() ? "backup in sync" : broker.getState().name().toLowerCase();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Checks the pair's one user; a constant-time comparison, so a wrong password says nothing by its timing. */
    static final class OneUser implements ActiveMQSecurityManager {
        private final byte[] user;
        private final byte[] password;

        OneUser(String user, String password) {
            this.user = user.getBytes(StandardCharsets.UTF_8);
            this.password = password.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean validateUser(String user, String password) {
            boolean userMatches = MessageDigest.isEqual(this.user, bytes(user));
            boolean passwordMatches = MessageDigest.isEqual(this.password, bytes(password));
            return userMatches & passwordMatches;
        }

        @Override
        public boolean validateUserAndRole(String user, String password,
                                           Set<org.apache.activemq.artemis.core.security.Role> roles,
                                           CheckType checkType) {
            return validateUser(user, password);
        }

        private static byte[] bytes(String s) {
            return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
