package org.bridgeway.directory;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bridgeway.directory.BankHolidayCalendar.DayKind;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;
import org.bridgeway.policy.PolicyLoadException;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.ReferenceData;

/**
 * The council and emergency duty team directory ({@code policies/directory/authorities.yaml}): for every children's
 * services authority of the reference data, its office contact and hours, its emergency duty team's number and
 * hours, an escalation contact, and the mailbox that receives its custody handovers. Checked when the gateway
 * starts against the schema beside the file, and then for what a schema cannot say: every authority of the
 * reference data listed exactly once and no other, each interval ending after it starts, and office and EDT hours
 * together covering every minute of every kind of day, so that {@link Entry#staffedAt} always has an answer. The
 * first problem stops the start, naming the file, the authority and the field.
 */
public final class AuthorityDirectory {
    public static final String FILE = "authorities.yaml";
    public static final String SCHEMA_FILE = "authorities.schema.json";
    /** The hours are English local time, summer time included. */
    public static final ZoneId ENGLAND = ZoneId.of("Europe/London");

    private static final Pattern ENTRY = Pattern.compile("^\\$\\.authorities\\[(\\d+)]");
    private static final int MINUTES_A_DAY = 24 * 60;

    /** A span of one day, in minutes since midnight; {@code to} may be 1440 (24:00). */
    public record Interval(int from, int to) {
        static Interval parse(String text) {
            String[] ends = text.split("-");
            return new Interval(minutes(ends[0]), minutes(ends[1]));
        }

        private static int minutes(String hhmm) {
            return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
        }

        boolean contains(int minute) {
            return minute >= from && minute < to;
        }

        @Override
        public String toString() {
            return String.format("%02d:%02d-%02d:%02d", from / 60, from % 60, to / 60, to % 60);
        }
    }

    /** When a contact is staffed, per kind of day; a kind of day with no intervals is never staffed. */
    public record Hours(Map<DayKind, List<Interval>> byKind) {
        public Hours {
            Map<DayKind, List<Interval>> copy = new EnumMap<>(DayKind.class);
            byKind.forEach((kind, intervals) -> copy.put(kind, List.copyOf(intervals)));
            byKind = Collections.unmodifiableMap(copy);
        }

        public List<Interval> on(DayKind kind) {
            return byKind.getOrDefault(kind, List.of());
        }

        boolean staffed(DayKind kind, int minute) {
            return on(kind).stream().anyMatch(i -> i.contains(minute));
        }

        /** "weekdays 00:00-09:00 and 17:00-24:00; weekends 00:00-24:00": as a person reads it in a notice. */
        public String describe() {
            return byKind.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(e -> e.getKey().label() + " " + e.getValue().stream().map(Interval::toString)
                            .collect(Collectors.joining(" and ")))
                    .collect(Collectors.joining("; "));
        }
    }

    /** A way to reach the authority: a phone number always, an email where it has one, and when it is staffed. */
    public record Contact(String phone, Optional<String> email, Hours hours) {
    }

    /** Whom to call when the staffed contact does not answer in time. */
    public record Escalation(String role, String phone, Optional<String> email) {
    }

    /** Which of an authority's contacts answers at a moment. */
    public enum Staffed { OFFICE, OUT_OF_HOURS }

    /** One authority's entry. */
    public record Entry(DfeLaCode code, String name, Contact office, Contact outOfHours, Escalation escalation,
                        Organisation custodyHandoverMailbox) {

        /** The contact staffed at {@code moment}: the office when it is open, else the emergency duty team. */
        public Staffed staffedAt(ZonedDateTime moment, BankHolidayCalendar calendar) {
            ZonedDateTime local = moment.withZoneSameInstant(ENGLAND);
            LocalTime time = local.toLocalTime();
            return office.hours().staffed(calendar.kindOf(local.toLocalDate()), time.getHour() * 60 + time.getMinute())
                    ? Staffed.OFFICE : Staffed.OUT_OF_HOURS;
        }

        /** The contact to call at {@code moment}: "how do I reach it now?" */
        public Contact contactAt(ZonedDateTime moment, BankHolidayCalendar calendar) {
            return staffedAt(moment, calendar) == Staffed.OFFICE ? office : outOfHours;
        }

        /** The office contact as a recipient reads it: phone, email and hours. */
        public String describeOffice() {
            return office.phone() + office.email().map(e -> ", " + e).orElse("") + " (children's services office: "
                    + office.hours().describe() + ")";
        }

        /** The emergency duty team's contact as a recipient reads it. */
        public String describeOutOfHours() {
            return outOfHours.phone() + outOfHours.email().map(e -> ", " + e).orElse("")
                    + " (emergency duty team: " + outOfHours.hours().describe() + ")";
        }
    }

    private final Map<DfeLaCode, Entry> entries;

    private AuthorityDirectory(Map<DfeLaCode, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * Reads and checks {@value #FILE} in {@code directory} against {@value #SCHEMA_FILE} beside it and against the
     * authorities of {@code reference}.
     *
     * @throws PolicyLoadException naming the file, the authority and the field at fault
     */
    public static AuthorityDirectory load(Path directory, ReferenceData reference) {
        Path file = directory.resolve(FILE);
        JsonNode tree = DirectoryFile.read(file, directory.resolve(SCHEMA_FILE), AuthorityDirectory::entryName);
        JsonNode list = tree.get("authorities");
        Map<DfeLaCode, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            Entries at = new Entries(file, "$.authorities[" + i + "]", "authority " + node.get("code").asText()
                    + " (" + node.get("name").asText() + ")");
            DfeLaCode code;
            try {
                code = DfeLaCode.parse(node.get("code").asText());
            } catch (InvalidValueException e) {
                throw at.problem(".code", "not a DfE local authority number: " + e.getMessage());
            }
            if (reference.localAuthority(code).isEmpty()) {
                throw at.problem(".code", "no local authority with this DfE number in the reference data");
            }
            if (entries.containsKey(code)) {
                throw at.problem(".code", "is listed twice");
            }
            Contact office = at.contact(node.get("office"), ".office");
            Contact outOfHours = at.contact(node.get("outOfHours"), ".outOfHours");
            at.checkStaffedAllDay(office, outOfHours);
            JsonNode escalation = node.get("escalation");
            entries.put(code, new Entry(code, node.get("name").asText(), office, outOfHours,
                    new Escalation(escalation.get("role").asText(), escalation.get("phone").asText(),
                            text(escalation, "email")),
                    at.mailbox(node.get("custodyHandoverMailbox").asText(), reference)));
        }
        List<String> missing = new ArrayList<>();
        for (LocalAuthority la : reference.localAuthorities()) {
            if (!entries.containsKey(la.dfeCode())) {
                missing.add(la.dfeCode() + " (" + la.name() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new PolicyLoadException(file, "$.authorities", "no entry for " + missing.size()
                    + " authorities of the reference data: " + String.join(", ", missing));
        }
        return new AuthorityDirectory(entries);
    }

    /** The entry of {@code authority}; every authority of the reference data has one. */
    public Optional<Entry> of(DfeLaCode authority) {
        return Optional.ofNullable(entries.get(authority));
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    private static Optional<String> entryName(JsonNode root, String field) {
        Matcher m = ENTRY.matcher(field);
        if (!m.find()) {
            return Optional.empty();
        }
        JsonNode entry = root.path("authorities").path(Integer.parseInt(m.group(1)));
        return Optional.of("authority " + entry.path("code").asText("?") + " (" + entry.path("name").asText("?")
                + ")");
    }

    private static Optional<String> text(JsonNode parent, String member) {
        return parent.hasNonNull(member) ? Optional.of(parent.get(member).asText()) : Optional.empty();
    }

    /** Reading one authority's entry, each problem naming the file, the entry and the field. */
    private record Entries(Path file, String path, String name) {
        PolicyLoadException problem(String field, String message) {
            return new PolicyLoadException(file, path + field, name + ": " + message);
        }

        Contact contact(JsonNode node, String field) {
            Map<DayKind, List<Interval>> byKind = new EnumMap<>(DayKind.class);
            for (DayKind kind : DayKind.values()) {
                JsonNode intervals = node.path("hours").path(kind.member());
                List<Interval> parsed = new ArrayList<>();
                for (int i = 0; i < intervals.size(); i++) {
                    Interval interval = Interval.parse(intervals.get(i).asText());
                    if (interval.to() <= interval.from()) {
                        throw problem(field + ".hours." + kind.member() + "[" + i + "]", intervals.get(i).asText()
                                + " ends before it starts: a shift across midnight is two intervals, one ending at"
                                + " 24:00 and one starting at 00:00");
                    }
                    parsed.add(interval);
                }
                byKind.put(kind, parsed);
            }
            return new Contact(node.get("phone").asText(), text(node, "email"), new Hours(byKind));
        }

        /** Office and EDT hours together cover every minute of every kind of day: someone always answers. */
        void checkStaffedAllDay(Contact office, Contact outOfHours) {
            for (DayKind kind : DayKind.values()) {
                BitSet covered = new BitSet(MINUTES_A_DAY);
                for (Interval interval : office.hours().on(kind)) {
                    covered.set(interval.from(), interval.to());
                }
                for (Interval interval : outOfHours.hours().on(kind)) {
                    covered.set(interval.from(), interval.to());
                }
                int gap = covered.nextClearBit(0);
                if (gap < MINUTES_A_DAY) {
                    int end = covered.nextSetBit(gap) < 0 ? MINUTES_A_DAY : covered.nextSetBit(gap);
                    throw problem(".outOfHours.hours." + kind.member(), "nobody is staffed on a " + kind.member()
                            + " from " + new Interval(gap, end).toString().replace("-", " to ")
                            + ": the emergency duty team's hours must cover every minute the office is closed");
                }
            }
        }

        Organisation mailbox(String id, ReferenceData reference) {
            Optional<Organisation> known;
            try {
                Organisation mailbox = Organisation.parseId(id);
                known = reference.localAuthority(DfeLaCode.parse(mailbox.code())).map(la -> mailbox);
            } catch (IllegalArgumentException e) { // an InvalidValueException too: a number outside DfE's ranges
                known = Optional.empty();
            }
            return known.orElseThrow(() -> problem(".custodyHandoverMailbox", "names no local authority of the"
                    + " reference data"));
        }
    }
}
