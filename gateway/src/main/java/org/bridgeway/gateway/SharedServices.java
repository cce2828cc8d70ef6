package org.bridgeway.gateway;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.bridgeway.delivery.BrokerCredentials;
import org.bridgeway.delivery.MailboxBroker;

/**
 * What a gateway node shares with the other nodes of its deployment. A node alone embeds its mailbox broker and keeps
 * its keys under its data directory. Nodes behind one load balancer connect to one external Artemis pair, so that a
 * recipient's mailbox is the same whichever node it asks, and read one set of keys, so that every node signs the one
 * audit log with the same key and derives the same match keys (the database they share is
 * {@link GatewayConfig#databaseUrl()}).
 *
 * @param brokerUrl      an Artemis core-protocol URL naming both brokers of the pair, e.g.
 *                       {@code (tcp://broker-a:61616,tcp://broker-b:61616)?ha=true}; empty to embed a broker
 * @param brokerCredentials the external broker's user and password (from the environment)
 * @param brokerTrustAnchor the root (PEM) the brokers' certificates chain to, for TLS to the pair; empty for plain TCP
 * @param keysDirectory  where the keys are (a mounted secret, say); empty for {@code <data>/keys}
 */
public record SharedServices(Optional<String> brokerUrl, BrokerCredentials brokerCredentials,
                             Optional<Path> brokerTrustAnchor, Optional<Path> keysDirectory) {
    public SharedServices {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(brokerCredentials, "brokerCredentials");
        Objects.requireNonNull(brokerTrustAnchor, "brokerTrustAnchor");
        Objects.requireNonNull(keysDirectory, "keysDirectory");
    }

    /** An embedded broker and the keys under the data directory: one node on its own. */
    public static SharedServices thisNodeOnly() {
        return new SharedServices(Optional.empty(), BrokerCredentials.fromEnvironment(), Optional.empty(),
                Optional.empty());
    }

    /** The external pair at {@code url}, over TLS when {@code trustAnchor} is given. */
    public SharedServices withBroker(String url, BrokerCredentials credentials, Optional<Path> trustAnchor) {
        return new SharedServices(Optional.of(url), credentials, trustAnchor, keysDirectory);
    }

    public SharedServices withKeys(Path directory) {
        return new SharedServices(brokerUrl, brokerCredentials, brokerTrustAnchor, Optional.of(directory));
    }

    /** The mailbox broker this node uses: the external pair when one is named, else {@code embedded}. */
    public MailboxBroker broker(java.util.function.Supplier<MailboxBroker> embedded) {
        return brokerUrl.map(url -> brokerTrustAnchor
                        .map(anchor -> MailboxBroker.external(url, brokerCredentials, anchor))
                        .orElseGet(() -> MailboxBroker.external(url, brokerCredentials)))
                .orElseGet(embedded);
    }
}
