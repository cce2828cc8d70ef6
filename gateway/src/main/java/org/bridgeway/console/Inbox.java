package org.bridgeway.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.delivery.Acknowledgements;
import org.bridgeway.delivery.MailboxMessage;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.policy.DecisionLog;
import org.bridgeway.policy.PolicyDecision;
import org.bridgeway.policy.RecordedDecision;

/**
 * A person's view of their organisation's mailbox: the notices newest first, one notice read with what was shared
 * with them and why (the agreement, the lawful basis and the names of the fields withheld), and acknowledged. Reading
 * a notice is audited before it is shown; acknowledging is audited as the API's is ({@link Acknowledgements}).
 */
public final class Inbox {
    static final int PAGE_SIZE = 25;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final Mailboxes mailboxes;
    private final AuditLog auditLog;
    private final DecisionLog decisions;
    private final Acknowledgements acknowledgements;

    public Inbox(Mailboxes mailboxes, AuditLog auditLog, DecisionLog decisions, Acknowledgements acknowledgements) {
        this.mailboxes = mailboxes;
        this.auditLog = auditLog;
        this.decisions = decisions;
        this.acknowledgements = acknowledgements;
    }

    /** One line of the inbox: nothing personal, so the list can be shown without reading (or auditing) a notice. */
    public record Line(String messageId, String kind, String sender, String received) {
    }

    /** A page of the inbox and the cursor of the older page, if any. */
    public record Listing(List<Line> lines, Optional<String> older) {
    }

    /** A field of the notice as disclosed: where it is in the notice, and its value. */
    public record Field(String name, String value) {
    }

    /** A notice read: its fields, and the decision that disclosed it to this organisation. */
    public record Reading(Line line, String exchangeId, List<Field> fields, Optional<Disclosure> disclosure) {
    }

    /** Why the notice was shared with this organisation. */
    public record Disclosure(String agreement, String agreementVersion, List<String> lawfulBasis,
                             List<String> withheldFields, List<String> obligations) {
    }

    public Listing list(ConsolePerson person, Optional<String> cursor) {
        Mailboxes.Page page = mailboxes.page(person.organisation().id(), cursor, PAGE_SIZE,
                Mailboxes.Order.NEWEST_FIRST);
        return new Listing(page.messages().stream().map(Inbox::line).toList(), page.next());
    }

    /** The notice, audited as read by this person; empty when it is not (or no longer) in their mailbox. */
    public Optional<Reading> read(ConsolePerson person, String messageId) {
        String mailbox = person.organisation().id();
        return mailboxes.fetch(mailbox, messageId).map(fetched -> {
            MailboxMessage m = fetched.message();
            auditLog.append(new AuditEvent(AuditEventType.NOTICE_VIEWED, m.exchangeId(), person.auditActor(), mailbox,
                    Map.of("messageId", m.messageId())));
            Optional<Disclosure> disclosure = decisions.forExchange(m.exchangeId()).stream()
                    .filter(d -> d.recipient().equals(mailbox) && d.decision().allow())
                    .reduce((first, later) -> later)
                    .map(RecordedDecision::decision)
                    .map(Inbox::disclosure);
            return new Reading(line(m), m.exchangeId(), fields(m.mediaType(), fetched.payload()), disclosure);
        });
    }

    /** Acknowledges the notice for the person's organisation; false when it was not in their mailbox. */
    public boolean acknowledge(ConsolePerson person, String messageId) {
        String mailbox = person.organisation().id();
        return mailboxes.acknowledge(mailbox, messageId, m -> acknowledgements.recordOnce(mailbox, m)).isPresent();
    }

    private static Line line(MailboxMessage m) {
        String received;
        try {
            received = SHOWN.format(Instant.parse(m.enqueuedAt()));
        } catch (RuntimeException e) {
            received = String.valueOf(m.enqueuedAt());
        }
        return new Line(m.messageId(), kind(m.exchangeType()), m.sender(), received);
    }

    /** "placement-notification" → "Placement notification". */
    static String kind(String exchangeType) {
        if (exchangeType == null || exchangeType.isEmpty()) {
            return "Notice";
        }
        String words = exchangeType.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static Disclosure disclosure(PolicyDecision d) {
        return new Disclosure(d.agreementId(), d.agreementVersion(), DisclosureInquiry.basisLines(d.lawfulBasis()),
                d.withheldFields(), d.obligations());
    }

    /**
     * The disclosed fields of a JSON notice (canonical or FHIR) as name and value, in document order; any other
     * format as its text. The values are shown as text: the templates escape them.
     */
    static List<Field> fields(String mediaType, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        if (mediaType != null && mediaType.contains("json")) {
            try {
                JsonNode document = JSON.readTree(payload);
                // a Bridgeway envelope: its sender and times are in the page's caption, the notice is what was shared
                JsonNode notice = document.path("notice").isObject() ? document.path("notice") : document;
                List<Field> out = new ArrayList<>();
                flatten("", notice, out);
                return out;
            } catch (IOException e) {
                // shown as text below
            }
        }
        return List.of(new Field("Notice", text));
    }

    private static void flatten(String path, JsonNode node, List<Field> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + (i + 1) + "]", node.get(i), out);
            }
        } else if (!node.isNull()) {
            out.add(new Field(label(path), node.asText()));
        }
    }

    /** "child.givenName" → "Child › Given name"; "risks[2]" → "Risks 2". */
    static String label(String path) {
        List<String> parts = new ArrayList<>();
        for (String segment : path.split("\\.")) {
            String words = segment.replaceAll("\\[(\\d+)]", " $1").replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                    .toLowerCase(Locale.UK);
            parts.add(words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1));
        }
        return String.join(" › ", parts);
    }
}
