package org.bridgeway.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.store.AuditStore;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.delivery.MailboxBroker;
import org.bridgeway.delivery.push.DeadLetterQueue;
import org.bridgeway.delivery.push.PushEndpoints;
import org.bridgeway.delivery.push.PushEndpointsException;
import org.bridgeway.delivery.push.PushQueues;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.Database;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Push deliveries to police records systems: the dead-letter queue, listed and replayed. These work on a data
 * directory whose gateway is stopped (they open its broker journal and database themselves), which keeps them simple
 * and leaves no second way into a running gateway; a running gateway is detected by its database lock and named.
 */
@Command(name = "deliveries", mixinStandardHelpOptions = true,
        description = "Push deliveries to police records systems (SOAP).",
        subcommands = {DeliveriesCommand.DeadLetters.class})
final class DeliveriesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "dlq", mixinStandardHelpOptions = true,
            description = "The push dead-letter queue: notices the gateway gave up pushing, and why. "
                    + "Run with the gateway stopped.",
            subcommands = {ListDeadLetters.class, Replay.class})
    static final class DeadLetters implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List dead-lettered messages: who they were for, why they are there, how often tried.")
    static final class ListDeadLetters implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        DataDirectoryOption data;

        @Option(names = "--force", paramLabel = "ORG", description = "Only this force's, e.g. police:kent.")
        String force;

        @picocli.CommandLine.Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Optional<String> only = forceOption(spec, force);
            Optional<Offline> opened = Offline.open(data.resolve(), database, spec);
            if (opened.isEmpty()) {
                return 2;
            }
            try (Offline offline = opened.get()) {
                List<DeadLetterQueue.DeadLetter> letters = offline.deadLetters().list(only);
                if (letters.isEmpty()) {
                    out.printf("no message in the push dead-letter queue (%s)%s%n", PushQueues.DEAD_LETTERS,
                            only.map(f -> " for " + f).orElse(""));
                    return 0;
                }
                out.printf("%d message(s) in the push dead-letter queue (%s)%s:%n", letters.size(),
                        PushQueues.DEAD_LETTERS, only.map(f -> " for " + f).orElse(""));
                for (DeadLetterQueue.DeadLetter l : letters) {
                    out.printf("  message %s to %s (%s, exchange %s)%n", l.messageId(), l.recipient(),
                            l.exchangeType(), l.exchangeId());
                    out.printf("    %s %s after %d attempt(s)%s%s: %s%n", l.cause(), l.reasonCode(), l.attempts(),
                            l.deadLetteredAt() == null ? "" : ", at " + l.deadLetteredAt(),
                            l.replays() == 0 ? "" : ", replayed " + l.replays() + " time(s) before", l.reason());
                }
                return 0;
            }
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Put dead-lettered messages back on their force's push queue (or in its mailbox, when it "
                    + "no longer takes push delivery); the gateway delivers them when it next runs. Each replay is "
                    + "audited. The force recognises a notice it already applied by its idempotency key.")
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        DataDirectoryOption data;

        @Option(names = "--force", paramLabel = "ORG", description = "Only this force's, e.g. police:kent.")
        String force;

        @picocli.CommandLine.Mixin
        DatabaseOptions database;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--all", required = true, description = "Every dead-lettered message (of --force, if given).")
            boolean all;

            @Option(names = "--message", required = true, paramLabel = "ID", description = "Only this message id.")
            String messageId;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Optional<String> only = forceOption(spec, force);
            Optional<String> message = Optional.ofNullable(which.messageId);
            Optional<Offline> opened = Offline.open(data.resolve(), database, spec);
            if (opened.isEmpty()) {
                return 2;
            }
            try (Offline offline = opened.get()) {
                List<DeadLetterQueue.Replayed> replayed;
                try {
                    replayed = offline.deadLetters().replay(only, message, offline.endpoints(),
                            moved -> offline.auditReplays(moved));
                } catch (IllegalArgumentException e) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
                if (replayed.isEmpty()) {
                    out.printf("nothing replayed: no dead-lettered message matches%s%s%n",
                            message.map(m -> " message " + m).orElse(""), only.map(f -> " for " + f).orElse(""));
                    return message.isPresent() ? 1 : 0;
                }
                out.printf("replayed %d message(s); the gateway delivers them when it next runs:%n", replayed.size());
                for (DeadLetterQueue.Replayed r : replayed) {
                    out.printf("  message %s to %s (was %s %s) -> %s%n", r.letter().messageId(), r.letter().recipient(),
                            r.letter().cause(), r.letter().reasonCode(), r.queue());
                }
                return 0;
            }
        }
    }

    private static Optional<String> forceOption(CommandSpec spec, String force) {
        if (force == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Organisation.parseId(force).id());
        } catch (InvalidValueException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--force must be an organisation id such as police:kent: " + e.getMessage());
        }
    }

    /** A stopped gateway's broker and database, opened for a moment. */
    private static final class Offline implements AutoCloseable {
        private final Database database;
        private final MailboxBroker broker;
        private final PushEndpoints endpoints;
        private final Path data;
        /**
         * Opened only when a replay is to be audited, so that listing or replaying nothing writes nothing; closing it
         * signs a head over the replays' entries.
         */
        private MerkleAuditLog auditLog;

        private Offline(Path data, Database database, MailboxBroker broker, PushEndpoints endpoints) {
            this.data = data;
            this.database = database;
            this.broker = broker;
            this.endpoints = endpoints;
        }

        /** Opens the data directory, or says on standard error why it cannot. */
        static Optional<Offline> open(Path data, DatabaseOptions options, CommandSpec spec) throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isDirectory(data.resolve("artemis"))) {
                err.printf("%s: no gateway data in %s (no broker journal) — point --data at the gateway's data "
                        + "directory (default ./data; the demo's is ./data/demo)%n", spec.qualifiedName(), data);
                return Optional.empty();
            }
            PushEndpoints endpoints;
            try {
                endpoints = PushEndpoints.load(data, ReferenceData.shipped());
            } catch (PushEndpointsException e) {
                err.printf("bridgeway deliveries: %s%n", e.getMessage());
                return Optional.empty();
            }
            Database database;
            try {
                // before the broker: a running gateway holds the database lock, and its journal must not be touched
                database = options.open(data.resolve("db"));
            } catch (RuntimeException e) {
                err.printf("bridgeway deliveries: cannot open the gateway's database in %s: is the gateway running? "
                        + "Stop it first (%s)%n", data, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                return Optional.empty();
            }
            try {
                return Optional.of(new Offline(data, database,
                        new MailboxBroker(data.resolve("artemis"), endpoints).start(), endpoints));
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
        }

        private MerkleAuditLog auditLog() {
            if (auditLog == null) {
                Clock clock = Clock.systemUTC();
                AuditStore store = new JdbcAuditStore(database.dataSource());
                // sign heads as the gateway that owns this log does, or its checkpoints would stop verifying
                TreeHeadSigner signer = new TreeHeadSigner(store, SigningKey.loadOrCreate(data.resolve("keys")),
                        origin(store), clock, Duration.ofHours(1));
                auditLog = new MerkleAuditLog(store, signer, clock);
            }
            return auditLog;
        }

        /** The origin of the log's newest signed head; the default operator's for a log with none yet. */
        private static String origin(AuditStore store) {
            return store.latestHead().map(head -> head.signedNote().lines().findFirst().orElseThrow())
                    .orElseGet(() -> Gateway.auditOrigin(GatewayConfig.embeddedDefaults(Path.of("."))));
        }

        DeadLetterQueue deadLetters() {
            // a replay into a mailbox takes the message's own delivery window and records its new delivery time
            return new DeadLetterQueue(broker.listingConnectionFactory(), Optional.of(
                    new org.bridgeway.delivery.DeliveryStates(database.dataSource(), Clock.systemUTC())));
        }

        PushEndpoints endpoints() {
            return endpoints;
        }

        /** One entry per replayed message, before the move is committed: a replay is never unaudited. */
        void auditReplays(List<DeadLetterQueue.Replayed> replayed) {
            if (replayed.isEmpty()) {
                return;
            }
            List<AuditEvent> events = DeadLetterQueue.replayEvents(replayed, "gateway", Map.of("by", "command line"));
            auditLog().append(events);
        }

        @Override
        public void close() throws Exception {
            if (auditLog != null) {
                auditLog.close();
            }
            broker.close();
            database.close();
        }
    }
}
