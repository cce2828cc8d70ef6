package org.bridgeway.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.policy.PolicyLoadException;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.ReferenceData;

/**
 * The deadlines of return home interview tasks, from {@code policies/workflows/return-home-interview.yaml}: a default
 * and overrides per responsible authority (by DfE number). Validated when the gateway starts: a missing, unknown or
 * out-of-range member is a {@link PolicyLoadException} naming the file and field, and the gateway does not start.
 */
public final class ReturnInterviewDeadlines {
    public static final String FILE = "return-home-interview.yaml";
    /** As long as a return-interview-task notice's {@code task.escalationContact} may be. */
    private static final int LONGEST_CONTACT = 200;
    private static final List<String> MEMBERS = List.of("id", "exchangeType", "default", "authorities");
    private static final List<String> DEADLINE_MEMBERS = List.of("due", "reminders", "escalation");
    private static final List<String> ESCALATION_MEMBERS = List.of("mailbox", "contact");
    /** Longer than any statutory or local RHI deadline: a longer one is a typing error (P72D for PT72H). */
    private static final Duration LONGEST_DUE = Duration.ofDays(30);
    private static final int MOST_REMINDERS = 10;

    /** One authority's deadline: due this long after return, reminders this long before it, and whom to escalate to. */
    public record Deadline(Duration due, List<Duration> reminders, Organisation escalationMailbox,
                           String escalationContact) {
        public Deadline {
            reminders = List.copyOf(reminders);
        }
    }

    /** What the file says, before the authority it applies to is known: a member left out takes the default's. */
    private record Partial(Optional<Duration> due, Optional<List<Duration>> reminders, Optional<Organisation> mailbox,
                           Optional<String> contact) {
    }

    private final String id;
    private final Partial defaults;
    private final Map<DfeLaCode, Partial> authorities;
    private final ReferenceData reference;

    private ReturnInterviewDeadlines(String id, Partial defaults, Map<DfeLaCode, Partial> authorities,
                                     ReferenceData reference) {
        this.id = id;
        this.defaults = defaults;
        this.authorities = Map.copyOf(authorities);
        this.reference = reference;
    }

    public String id() {
        return id;
    }

    /** The deadline of a task whose responsible authority is {@code authority}. */
    public Deadline forAuthority(DfeLaCode authority) {
        Partial own = authorities.getOrDefault(authority, defaults);
        Organisation mailbox = own.mailbox().or(defaults::mailbox).orElseGet(() -> reference.localAuthority(authority)
                .map(LocalAuthority::organisation)
                .orElseThrow(() -> new IllegalArgumentException("responsible authority " + authority
                        + " is not in the reference data")));
        return new Deadline(own.due().or(defaults::due).orElseThrow(),
                own.reminders().or(defaults::reminders).orElseThrow(), mailbox,
                own.contact().or(defaults::contact).orElseThrow());
    }

    /** Reads and validates the deadlines in {@code directory}. */
    public static ReturnInterviewDeadlines load(Path directory, ReferenceData reference) {
        Path file = directory.resolve(FILE);
        Reader r = new Reader(new DeadlineDataReader(file), reference);
        JsonNode root = r.data().read("return interview deadlines");
        r.mapping(root, "$", MEMBERS);
        String id = r.text(root, "$", "id");
        String exchangeType = r.text(root, "$", "exchangeType");
        if (!exchangeType.equals(ExchangeType.RETURN_INTERVIEW_TASK.slug())) {
            throw new PolicyLoadException(file, "$.exchangeType", "the return interview deadlines are for "
                    + ExchangeType.RETURN_INTERVIEW_TASK.slug() + " only");
        }
        JsonNode d = root.get("default");
        if (d == null) {
            throw new PolicyLoadException(file, "$.default", "is required: the deadline of every authority without"
                    + " its own");
        }
        Partial defaults = r.deadline(d, "$.default");
        if (defaults.due().isEmpty() || defaults.reminders().isEmpty() || defaults.contact().isEmpty()) {
            String missing = defaults.due().isEmpty() ? "due" : defaults.reminders().isEmpty() ? "reminders"
                    : "escalation.contact";
            throw new PolicyLoadException(file, "$.default." + missing, "is required in the default");
        }
        Map<DfeLaCode, Partial> authorities = new HashMap<>();
        JsonNode all = root.get("authorities");
        if (all != null) {
            if (!all.isObject()) {
                throw new PolicyLoadException(file, "$.authorities", "must be a mapping of DfE numbers to deadlines");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = "$.authorities." + e.getKey();
                DfeLaCode code;
                try {
                    code = DfeLaCode.parse(e.getKey());
                } catch (InvalidValueException bad) {
                    throw new PolicyLoadException(file, path, "not a DfE local authority number: " + bad.getMessage());
                }
                if (reference.localAuthority(code).isEmpty()) {
                    throw new PolicyLoadException(file, path, "no local authority with this DfE number in the"
                            + " reference data");
                }
                Partial own = r.deadline(e.getValue(), path);
                Duration due = own.due().or(defaults::due).orElseThrow();
                r.remindersBefore(own.reminders().or(defaults::reminders).orElseThrow(), due, path);
                authorities.put(code, own);
            }
        }
        return new ReturnInterviewDeadlines(id, defaults, authorities, reference);
    }

    /** The checks, each failing with the file and the path of the field. */
    private record Reader(DeadlineDataReader data, ReferenceData reference) {

        Path file() {
            return data.file();
        }

        void mapping(JsonNode node, String path, List<String> members) {
            data.mapping(node, path, members);
        }

        String text(JsonNode node, String path, String name) {
            return data.text(node, path, name);
        }

        Partial deadline(JsonNode node, String path) {
            mapping(node, path, DEADLINE_MEMBERS);
            Optional<Duration> due = Optional.ofNullable(node.get("due")).map(v -> data.duration(v, path + ".due"));
            due.ifPresent(d -> {
                if (d.compareTo(LONGEST_DUE) > 0) {
                    throw new PolicyLoadException(file(), path + ".due", "must be at most " + LONGEST_DUE.toDays()
                            + " days (P30D)");
                }
            });
            Optional<List<Duration>> reminders = Optional.ofNullable(node.get("reminders"))
                    .map(v -> data.reminders(v, path + ".reminders", MOST_REMINDERS));
            if (due.isPresent() && reminders.isPresent()) {
                remindersBefore(reminders.get(), due.get(), path);
            }
            Optional<Organisation> mailbox = Optional.empty();
            Optional<String> contact = Optional.empty();
            JsonNode escalation = node.get("escalation");
            if (escalation != null) {
                String at = path + ".escalation";
                mapping(escalation, at, ESCALATION_MEMBERS);
                if (escalation.has("mailbox")) {
                    mailbox = Optional.of(mailbox(text(escalation, at, "mailbox"), at + ".mailbox"));
                }
                if (escalation.has("contact")) {
                    String c = text(escalation, at, "contact");
                    if (c.length() > LONGEST_CONTACT) {
                        throw new PolicyLoadException(file(), at + ".contact", "must be at most " + LONGEST_CONTACT
                                + " characters");
                    }
                    contact = Optional.of(c);
                }
            }
            return new Partial(due, reminders, mailbox, contact);
        }

        void remindersBefore(List<Duration> reminders, Duration due, String path) {
            for (Duration r : reminders) {
                if (r.compareTo(due) >= 0) {
                    throw new PolicyLoadException(file(), path + ".reminders", "the reminder " + r
                            + " before the deadline would fall before the task opens (due " + due + ")");
                }
            }
        }

        Organisation mailbox(String id, String path) {
            Organisation org;
            try {
                org = Organisation.parseId(id);
            } catch (RuntimeException e) {
                throw new PolicyLoadException(file(), path, "not an organisation id (local-authority:NNN): " + id);
            }
            if (org.type() != OrganisationType.LOCAL_AUTHORITY) {
                throw new PolicyLoadException(file(), path, "an escalation mailbox is a local authority's");
            }
            try {
                if (reference.localAuthority(DfeLaCode.parse(org.code())).isEmpty()) {
                    throw new PolicyLoadException(file(), path, "no local authority " + org.code()
                            + " in the reference data");
                }
            } catch (InvalidValueException e) {
                throw new PolicyLoadException(file(), path, "not a DfE local authority number: " + org.code());
            }
            return reference.localAuthority(DfeLaCode.parse(org.code())).orElseThrow().organisation();
        }
    }
}
