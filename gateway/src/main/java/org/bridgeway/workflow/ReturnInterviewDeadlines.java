package org.bridgeway.workflow;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

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
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new PolicyLoadException(file, "$", "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyLoadException(file, null, "cannot read the return interview deadlines: " + e.getMessage(), e);
        }
        Reader r = new Reader(file, reference);
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
    private record Reader(Path file, ReferenceData reference) {

        void mapping(JsonNode node, String path, List<String> members) {
            if (node == null || !node.isObject()) {
                throw new PolicyLoadException(file, path, "must be a YAML mapping");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!members.contains(name)) {
                    throw new PolicyLoadException(file, path + "." + name, "unknown member; expected " + members);
                }
            }
        }

        String text(JsonNode node, String path, String name) {
            JsonNode v = node.get(name);
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                throw new PolicyLoadException(file, path + "." + name, "is required and must be a non-empty string");
            }
            return v.asText();
        }

        Partial deadline(JsonNode node, String path) {
            mapping(node, path, DEADLINE_MEMBERS);
            Optional<Duration> due = Optional.ofNullable(node.get("due")).map(v -> duration(v, path + ".due"));
            due.ifPresent(d -> {
                if (d.compareTo(LONGEST_DUE) > 0) {
                    throw new PolicyLoadException(file, path + ".due", "must be at most " + LONGEST_DUE.toDays()
                            + " days (P30D)");
                }
            });
            Optional<List<Duration>> reminders = Optional.ofNullable(node.get("reminders"))
                    .map(v -> reminders(v, path + ".reminders"));
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
                        throw new PolicyLoadException(file, at + ".contact", "must be at most " + LONGEST_CONTACT
                                + " characters");
                    }
                    contact = Optional.of(c);
                }
            }
            return new Partial(due, reminders, mailbox, contact);
        }

        Duration duration(JsonNode v, String path) {
            try {
                Duration d = v.isTextual() ? Duration.parse(v.asText()) : null;
                if (d != null && !d.isNegative() && !d.isZero()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // answered below, with the field's path
            }
            throw new PolicyLoadException(file, path, "must be a positive ISO-8601 duration such as PT72H");
        }

        List<Duration> reminders(JsonNode v, String path) {
            if (!v.isArray() || v.size() > MOST_REMINDERS) {
                throw new PolicyLoadException(file, path, "must be a list of at most " + MOST_REMINDERS
                        + " durations before the deadline");
            }
            List<Duration> out = new ArrayList<>();
            Set<Duration> seen = new HashSet<>();
            for (int i = 0; i < v.size(); i++) {
                Duration d = duration(v.get(i), path + "[" + i + "]");
                if (!seen.add(d)) {
                    throw new PolicyLoadException(file, path + "[" + i + "]", "the reminder " + d + " is listed twice");
                }
                out.add(d);
            }
            out.sort(Comparator.reverseOrder());
            return out;
        }

        void remindersBefore(List<Duration> reminders, Duration due, String path) {
            for (Duration r : reminders) {
                if (r.compareTo(due) >= 0) {
                    throw new PolicyLoadException(file, path + ".reminders", "the reminder " + r
                            + " before the deadline would fall before the task opens (due " + due + ")");
                }
            }
        }

        Organisation mailbox(String id, String path) {
            Organisation org;
            try {
                org = Organisation.parseId(id);
            } catch (RuntimeException e) {
                throw new PolicyLoadException(file, path, "not an organisation id (local-authority:NNN): " + id);
            }
            if (org.type() != OrganisationType.LOCAL_AUTHORITY) {
                throw new PolicyLoadException(file, path, "an escalation mailbox is a local authority's");
            }
            try {
                if (reference.localAuthority(DfeLaCode.parse(org.code())).isEmpty()) {
                    throw new PolicyLoadException(file, path, "no local authority " + org.code()
                            + " in the reference data");
                }
            } catch (InvalidValueException e) {
                throw new PolicyLoadException(file, path, "not a DfE local authority number: " + org.code());
            }
            return reference.localAuthority(DfeLaCode.parse(org.code())).orElseThrow().organisation();
        }
    }
}
