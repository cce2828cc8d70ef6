package org.bridgeway.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.delivery.MailboxBroker;
import org.bridgeway.delivery.push.DeadLetterQueue;
import org.bridgeway.delivery.push.DeadLetterReplay;
import org.bridgeway.delivery.push.PushQueues;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.observability.MailboxGauges;
import org.bridgeway.observability.Readiness;

/**
 * The gateway operator's desk: health of what the gateway depends on, and the dead letters awaiting replay. The
 * health is the management port's readiness, run as a probe runs it (each check bounded in time), with a few facts
 * the gateway keeps anyway: the audit log's size and newest signed tree head, the policy revision, the mailboxes
 * waiting. The dead letters are listed and replayed through {@link DeadLetterReplay}, as the API does, the replay
 * audited with the person as actor (organisation and subject id, never their name). Nothing here is personal data:
 * identifiers, codes, counts and times; never a payload, nor a force's free-text reason, which could quote the notice.
 */
public final class OperationsDesk {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm:ss", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));
    /** What the console says its replays came through, as the API says "api" and the command line "command line". */
    static final Map<String, String> BY_CONSOLE = Map.of("by", "console");

    private final Supplier<List<Readiness.Result>> readiness;
    private final AuditLog auditLog;
    private final Supplier<String> policyRevision;
    private final Supplier<List<Mailbox>> mailboxes;
    private final DeadLetterReplay deadLetters;

    OperationsDesk(Supplier<List<Readiness.Result>> readiness, AuditLog auditLog, Supplier<String> policyRevision,
                   Supplier<List<Mailbox>> mailboxes, DeadLetterReplay deadLetters) {
        this.readiness = readiness;
        this.auditLog = auditLog;
        this.policyRevision = policyRevision;
        this.mailboxes = mailboxes;
        this.deadLetters = deadLetters;
    }

    /** The desk over a running gateway. */
    public static OperationsDesk of(Gateway gateway) {
        return new OperationsDesk(() -> gateway.readiness().run(), gateway.auditLog(),
                () -> gateway.decisionPoint().revision(), mailboxDepths(gateway.broker()),
                gateway.deadLetterReplay());
    }

    /** One readiness check as the operator reads it. */
    public record Check(String name, String label, boolean up, String reason) {
    }

    /** A line of the health summary: what, and its value now. */
    public record Fact(String label, String value) {
    }

    /** A recipient's mailbox with messages waiting: how many, and how long the oldest has waited. */
    public record Mailbox(String recipient, long waiting, String oldestWaited) {
    }

    /** The gateway's health: ready only when every check is up. */
    public record Health(boolean ready, List<Check> checks, List<Fact> facts, List<Mailbox> mailboxes) {
    }

    /**
     * A dead letter as the desk lists it: identifiers and codes.
     *
     * @param from       which dead-letter queue: push delivery's, or the mailboxes'
     * @param replayable whether the desk can put it back: it names its recipient and its message
     */
    public record Letter(String messageId, String recipient, String exchangeId, String exchangeType, String from,
                         String cause, String reasonCode, int attempts, String deadLetteredAt, int replays,
                         boolean replayable) {
    }

    /** A letter put back on its way, and where to. */
    public record Replay(String messageId, String exchangeId, String recipient, boolean toMailbox) {
        /** What the operator is told: which message, and where it went. */
        public String summary() {
            return "Replayed: message " + messageId + (exchangeId == null ? "" : " of exchange " + exchangeId)
                    + ", back " + (toMailbox ? "in the mailbox of " : "on the push queue of ") + recipient + ".";
        }
    }

    /** Each check run now (a few seconds at most while a dependency hangs), and the facts beside them. */
    public Health health() {
        List<Check> checks = readiness.get().stream().map(OperationsDesk::check).toList();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Audit log", auditLog.size() + " entries"));
        facts.add(new Fact("Newest signed tree head", newestHead()));
        facts.add(new Fact("Policy revision", Optional.ofNullable(policyRevision.get()).orElse("none loaded")));
        return new Health(checks.stream().allMatch(Check::up), checks, facts, mailboxes.get());
    }

    /** Both dead-letter queues, the push route's first, each oldest first. */
    public List<Letter> deadLetters() {
        return deadLetters.list(Optional.empty()).stream().map(OperationsDesk::letter).toList();
    }

    /**
     * Puts the message back on its way, audited as the API's replay is, with the person as actor.
     *
     * @param messageId a message id whose shape the caller checked
     * @return empty when it is not (or no longer) in a dead-letter queue
     */
    public Optional<Replay> replay(ConsolePerson person, String messageId) {
        return deadLetters.replay(messageId, person.auditActor(), BY_CONSOLE).map(r -> new Replay(
                r.letter().messageId(), r.letter().exchangeId(), r.letter().recipient(),
                r.queue().startsWith(MailboxBroker.MAILBOX_PREFIX)));
    }

    private String newestHead() {
        try {
            TreeHead head = auditLog.latestHead();
            return head.size() + " entries, signed " + SHOWN.format(head.note().checkpoint().issuedAt());
        } catch (RuntimeException e) {
            return "not available"; // the audit signing check says why
        }
    }

    static Check check(Readiness.Result result) {
        String label = switch (result.name()) {
            case "database" -> "Database";
            case "broker" -> "Message broker";
            case "decision-point" -> "Policy decision point";
            case "audit-signing" -> "Audit log signing";
            case "gateway" -> "Gateway";
            default -> result.name(); // a check another part of the gateway added: by the name the probe reports
        };
        return new Check(result.name(), label, result.status().up(), result.status().reason());
    }

    /** The letter without its free-text reason, which could quote the notice (the API leaves it out too). */
    static Letter letter(DeadLetterQueue.DeadLetter l) {
        String from = PushQueues.DEAD_LETTERS.equals(l.queue()) ? "Push delivery"
                : MailboxBroker.DEAD_LETTERS.equals(l.queue()) ? "Mailbox" : l.queue();
        return new Letter(l.messageId(), l.recipient(), l.exchangeId(), Inbox.kind(l.exchangeType()), from,
                l.cause(), l.reasonCode(), l.attempts(), shown(l.deadLetteredAt()), l.replays(),
                l.messageId() != null && l.recipient() != null);
    }

    /** An instant as people in England read it; anything else as it was recorded. */
    static String shown(String instant) {
        if (instant == null) {
            return "";
        }
        try {
            return SHOWN.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    /** "under a minute", "5 minutes", "3 hours", "2 days": how long the oldest message has waited. */
    static String waited(Duration waited) {
        if (waited.toMinutes() < 1) {
            return "under a minute";
        }
        if (waited.toHours() < 2) {
            return plural(waited.toMinutes(), "minute");
        }
        if (waited.toDays() < 2) {
            return plural(waited.toHours(), "hour");
        }
        return plural(waited.toDays(), "day");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /**
     * The mailboxes with messages waiting, most first, read as the management port's gauges read them
     * ({@link MailboxGauges}), into a registry of the desk's own: a page view neither waits for a scrape nor changes
     * what the next scrape reports.
     */
    private static Supplier<List<Mailbox>> mailboxDepths(MailboxBroker broker) {
        MeterRegistry registry = new SimpleMeterRegistry();
        MailboxGauges gauges = new MailboxGauges(broker, registry, Clock.systemUTC());
        return () -> {
            synchronized (gauges) { // one refresh and read at a time: rows are replaced whole by each refresh
                gauges.refresh();
                List<Mailbox> out = new ArrayList<>();
                for (Gauge depth : registry.find("bridgeway.mailbox.depth").gauges()) {
                    String recipient = depth.getId().getTag("recipient");
                    long waiting = (long) depth.value();
                    if (recipient == null || waiting <= 0) {
                        continue;
                    }
                    Gauge age = registry.find("bridgeway.mailbox.oldest.age").tag("recipient", recipient).gauge();
                    double seconds = age == null || Double.isNaN(age.value()) ? 0 : age.value();
                    out.add(new Mailbox(recipient, waiting, waited(Duration.ofMillis((long) (seconds * 1000)))));
                }
                out.sort(Comparator.comparingLong(Mailbox::waiting).reversed().thenComparing(Mailbox::recipient));
                return out;
            }
        };
    }
}
