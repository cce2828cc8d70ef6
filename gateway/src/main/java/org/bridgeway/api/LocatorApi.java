package org.bridgeway.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.directory.BankHolidayCalendar;
import org.bridgeway.intake.Violation;
import org.bridgeway.locator.Involvement;
import org.bridgeway.locator.LocatorIndex;
import org.bridgeway.locator.LocatorQueries;
import org.bridgeway.locator.LocatorRegistrations;
import org.bridgeway.locator.ResponsibleAuthorityLocator.ChildKeys;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.LocatorAccessNotice;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.Postcode;
import org.bridgeway.reference.ReferenceData;

/**
 * {@code /api/v1/locator} (docs/locator.md):
 * <ul>
 *   <li>{@code POST /queries}: a force, an authority (its EDT included) or a health team asks which authority is
 *       responsible for a child, with a purpose and a case reference: 200 with the answer, or {@code {"known": false}}
 *       and nothing else; 400 naming each field and rule; 429 with {@code Retry-After} (rules
 *       {@code locator.rate-limited}, {@code locator.probing}).</li>
 *   <li>{@code POST /entries}: an authority registers a looked-after child or a child protection plan under its own
 *       reference: 201 new, 200 the same reference again (replaced); 400 naming each field and rule.</li>
 *   <li>{@code POST /entries/{reference}/withdrawal}: the authority withdraws its entry: 200, or 404.</li>
 * </ul>
 */
public final class LocatorApi {
    private static final JsonBodyReader QUERY = new JsonBodyReader(4096, "the locator query");
    private static final JsonBodyReader REGISTRATION = new JsonBodyReader(8192, "the locator entry");
    /** A council's reference: as a case reference, which it also is. */
    private static final String REFERENCE = "reference";
    private static final int MAX_NAME_LENGTH = 100;
    private static final int MAX_POSTCODES = 10;

    private final LocatorQueries queries;
    private final LocatorRegistrations registrations;
    private final AuthorityDirectory directory;
    private final BankHolidayCalendar calendar;
    private final ReferenceData reference;
    private final CallerIdentity callers;
    private final Clock clock;

    public LocatorApi(LocatorQueries queries, LocatorRegistrations registrations, AuthorityDirectory directory,
                      BankHolidayCalendar calendar, ReferenceData reference, CallerIdentity callers, Clock clock) {
        this.queries = queries;
        this.registrations = registrations;
        this.directory = directory;
        this.calendar = calendar;
        this.reference = reference;
        this.callers = callers;
        this.clock = clock;
    }

    public void query(Exchange exchange) {
        Optional<Caller> caller = ApiResponses.authenticatedCaller(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        Optional<JsonNode> body = read(exchange, QUERY, "Invalid locator query");
        if (body.isEmpty()) {
            return;
        }
        JsonNode q = body.get();
        List<FieldViolation> v = new ArrayList<>(LocatorAccessNotice.checkQuery("purpose", text(q, "purpose"),
                "caseReference", text(q, "caseReference")));
        JsonNode child = q.path("child");
        Optional<ChildKeys> keys = childKeys(child, "child.", text(child, "postcode"), v);
        if (keys.isPresent() && !complete(keys.get())) {
            v.add(new FieldViolation("child", "locator.child.keys", "a query gives the child's exact NHS number, or"
                    + " its given name, family name, date of birth and postcode together"));
        }
        if (!v.isEmpty()) {
            invalid(exchange, "Invalid locator query", v);
            return;
        }
        LocatorQueries.Asker asker = new LocatorQueries.Asker(caller.get().organisation(), person(exchange,
                caller.get()));
        LocatorQueries.Answer answer = queries.ask(asker, text(q, "purpose"), text(q, "caseReference"),
                keys.orElseThrow());
        if (answer instanceof LocatorQueries.Refused refused) {
            exchange.getMessage().setHeader(ApiResponses.RETRY_AFTER, String.valueOf(refused.retryAfter().toSeconds()));
            ApiResponses.refuse(exchange, 429, "Too many requests", LocatorQueries.describe(refused.rule()),
                    Map.of("rule", refused.rule()));
        } else if (answer instanceof LocatorQueries.Known known) {
            ApiResponses.json(exchange, 200, view(known));
        } else {
            ApiResponses.json(exchange, 200, Map.of("known", false)); // and nothing else
        }
    }

    /** What a match reveals: the authorities and how to reach them now, the involvement and its dates; no more. */
    private Map<String, Object> view(LocatorQueries.Known known) {
        LocatorIndex.Stored stored = known.entry();
        LocatorIndex.Entry e = stored.entry();
        ZonedDateTime now = ZonedDateTime.now(clock);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("known", true);
        out.put("queryId", known.queryId());
        out.put("responsibleAuthority", authority(e.responsibleAuthority(), now, true));
        Map<String, Object> involvement = new LinkedHashMap<>();
        involvement.put("kind", e.involvement().name());
        involvement.put("startedOn", e.startedOn().toString());
        e.endedOn().ifPresent(end -> involvement.put("endedOn", end.toString()));
        out.put("involvement", involvement);
        e.hostAuthority().ifPresent(host -> out.put("hostAuthority", authority(host, now, false)));
        out.put("recordUpdatedAt", stored.updatedAt().toString());
        return out;
    }

    private Map<String, Object> authority(DfeLaCode code, ZonedDateTime now, boolean bothContacts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", code.value());
        out.put("name", reference.localAuthority(code).map(la -> la.name()).orElse(code.value()));
        directory.of(code).ifPresent(entry -> {
            try {
                AuthorityDirectory.Staffed staffed = entry.staffedAt(now, calendar);
                out.put("staffedNow", staffed.name());
                out.put("contactNow", contact(entry.contactAt(now, calendar)));
            } catch (BankHolidayCalendar.OutsideCalendarException e) {
                out.put("staffedNow", "UNKNOWN"); // both contacts below: the calendar does not cover today
                bothContacts(entry, out);
                return;
            }
            if (bothContacts) {
                bothContacts(entry, out);
            }
        });
        return out;
    }

    private static void bothContacts(AuthorityDirectory.Entry entry, Map<String, Object> out) {
        out.put("office", contact(entry.office()));
        out.put("outOfHours", contact(entry.outOfHours()));
    }

    private static Map<String, Object> contact(AuthorityDirectory.Contact contact) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("phone", contact.phone());
        contact.email().ifPresent(email -> out.put("email", email));
        out.put("hours", contact.hours().describe());
        return out;
    }

    public void register(Exchange exchange) {
        Optional<Caller> caller = ApiResponses.authenticatedCaller(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        if (caller.get().organisation().type() != OrganisationType.LOCAL_AUTHORITY) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "a local authority registers its own entries", null);
            return;
        }
        DfeLaCode authority = DfeLaCode.parse(caller.get().organisation().code());
        Optional<JsonNode> body = read(exchange, REGISTRATION, "Invalid locator entry");
        if (body.isEmpty()) {
            return;
        }
        JsonNode r = body.get();
        List<FieldViolation> v = new ArrayList<>();
        String ref = text(r, REFERENCE);
        checkReference(ref, v);
        Optional<Involvement> involvement = Optional.empty();
        try {
            involvement = Optional.of(Involvement.valueOf(String.valueOf(text(r, "involvement"))));
        } catch (IllegalArgumentException e) {
            v.add(new FieldViolation("involvement", "locator.involvement.code", "the involvement is one of "
                    + List.of(Involvement.values())));
        }
        Optional<LocalDate> start = date(r, "startDate", v);
        if (start.isEmpty() && v.stream().noneMatch(x -> x.field().equals("startDate"))) {
            v.add(new FieldViolation("startDate", "locator.startDate.required", "an entry gives the day its"
                    + " involvement started"));
        }
        Optional<LocalDate> end = date(r, "endDate", v);
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            v.add(new FieldViolation("endDate", "locator.endDate.before-start", "the involvement cannot end before"
                    + " it started"));
        }
        start.filter(s -> s.isAfter(LocalDate.now(clock))).ifPresent(s -> v.add(new FieldViolation("startDate",
                "locator.startDate.future", "an entry is registered once its involvement has started")));
        Optional<DfeLaCode> host = Optional.empty();
        String hostText = text(r, "hostAuthority");
        if (hostText != null) {
            try {
                host = Optional.of(DfeLaCode.parse(hostText)).filter(h -> reference.localAuthority(h).isPresent());
            } catch (InvalidValueException e) {
                host = Optional.empty();
            }
            if (host.isEmpty() || host.get().equals(authority)) {
                v.add(new FieldViolation("hostAuthority", "locator.hostAuthority.code", "the host authority is"
                        + " another local authority the gateway knows, by its DfE number"));
            }
        }
        JsonNode child = r.path("child");
        List<Postcode> postcodes = postcodes(child.path("postcodes"), v);
        Optional<ChildKeys> keys = childKeys(child, "child.", null, v);
        if (keys.isPresent() && keys.get().nhsNumber().isEmpty() && (keys.get().givenName().isEmpty()
                || keys.get().familyName().isEmpty() || keys.get().dateOfBirth().isEmpty() || postcodes.isEmpty())) {
            v.add(new FieldViolation("child", "locator.child.keys", "an entry gives the child's NHS number, or its"
                    + " given name, family name, date of birth and at least one postcode, or both"));
        }
        if (!v.isEmpty()) {
            invalid(exchange, "Invalid locator entry", v);
            return;
        }
        LocatorRegistrations.Registered registered = registrations.register(new LocatorRegistrations.Registration(
                authority, ref, involvement.orElseThrow(), start.orElseThrow(), end, host, keys.orElseThrow(),
                postcodes));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entryId", registered.entryId());
        out.put(REFERENCE, ref);
        out.put("created", registered.created());
        registered.expiresAt().ifPresent(at -> out.put("expiresAt", at.toString()));
        ApiResponses.json(exchange, registered.created() ? 201 : 200, out);
    }

    public void withdraw(Exchange exchange) {
        Optional<Caller> caller = ApiResponses.authenticatedCaller(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        if (caller.get().organisation().type() != OrganisationType.LOCAL_AUTHORITY) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "a local authority withdraws its own entries", null);
            return;
        }
        String ref = exchange.getMessage().getHeader(REFERENCE, String.class);
        List<FieldViolation> v = new ArrayList<>();
        checkReference(ref, v);
        if (!v.isEmpty()) {
            invalid(exchange, "Invalid withdrawal", v);
            return;
        }
        Optional<String> withdrawn = registrations.withdraw(DfeLaCode.parse(caller.get().organisation().code()), ref);
        if (withdrawn.isEmpty()) {
            ApiResponses.refuse(exchange, 404, "Not found", "the authority has no locator entry under this reference",
                    null);
            return;
        }
        ApiResponses.json(exchange, 200, Map.of("entryId", withdrawn.get(), REFERENCE, ref, "withdrawn", true));
    }

    /** The person the token names; without a token, the calling system. */
    private static String person(Exchange exchange, Caller caller) {
        String person = exchange.getProperty(TokenBoundIdentity.PERSON, String.class);
        return person != null ? person : caller.system();
    }

    private static boolean complete(ChildKeys k) {
        return k.nhsNumber().isPresent() || (k.givenName().isPresent() && k.familyName().isPresent()
                && k.dateOfBirth().isPresent() && k.postcode().isPresent());
    }

    private static void checkReference(String ref, List<FieldViolation> v) {
        if (ref == null) {
            v.add(new FieldViolation(REFERENCE, "locator.reference.required", "an entry gives the authority's own"
                    + " reference"));
            return;
        }
        v.addAll(LocatorAccessNotice.checkReference(REFERENCE, ref));
    }

    /** The child's keys as given, each checked; empty when the child is absent or not an object. */
    private static Optional<ChildKeys> childKeys(JsonNode child, String prefix, String postcodeText,
                                                 List<FieldViolation> v) {
        if (!child.isObject()) {
            v.add(new FieldViolation("child", "locator.child.required", "the child is an object of its identifiers"));
            return Optional.empty();
        }
        Optional<NhsNumber> nhs = Optional.empty();
        String nhsText = text(child, "nhsNumber");
        if (nhsText != null) {
            try {
                nhs = Optional.of(NhsNumber.parse(nhsText));
            } catch (InvalidValueException e) {
                v.add(FieldViolation.of(prefix + "nhsNumber", e));
            }
        }
        Optional<String> given = name(child, "givenName", prefix, v);
        Optional<String> family = name(child, "familyName", prefix, v);
        Optional<LocalDate> born = date(child, "dateOfBirth", prefix, v);
        Optional<Postcode> postcode = Optional.empty();
        if (postcodeText != null) {
            try {
                postcode = Optional.of(Postcode.parse(postcodeText));
            } catch (InvalidValueException e) {
                v.add(FieldViolation.of(prefix + "postcode", e));
            }
        }
        return Optional.of(new ChildKeys(nhs, given, family, born, postcode));
    }

    private static List<Postcode> postcodes(JsonNode array, List<FieldViolation> v) {
        List<Postcode> postcodes = new ArrayList<>();
        if (array.isMissingNode() || array.isNull()) {
            return postcodes;
        }
        if (!array.isArray() || array.size() > MAX_POSTCODES) {
            v.add(new FieldViolation("child.postcodes", "locator.child.postcodes", "the child's postcodes are a list"
                    + " of at most " + MAX_POSTCODES));
            return postcodes;
        }
        for (int i = 0; i < array.size(); i++) {
            try {
                postcodes.add(Postcode.parse(array.get(i).asText()));
            } catch (InvalidValueException e) {
                v.add(FieldViolation.of("child.postcodes[" + i + "]", e));
            }
        }
        return postcodes;
    }

    private static Optional<String> name(JsonNode node, String member, String prefix, List<FieldViolation> v) {
        String value = text(node, member);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > MAX_NAME_LENGTH) {
            v.add(new FieldViolation(prefix + member, "locator.name.length", "a name is at most " + MAX_NAME_LENGTH
                    + " characters"));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static Optional<LocalDate> date(JsonNode node, String member, List<FieldViolation> v) {
        return date(node, member, "", v);
    }

    private static Optional<LocalDate> date(JsonNode node, String member, String prefix, List<FieldViolation> v) {
        String value = text(node, member);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            v.add(new FieldViolation(prefix + member, "date.format", "a date is yyyy-mm-dd"));
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Optional<JsonNode> read(Exchange exchange, JsonBodyReader reader, String title) {
        JsonBodyReader.Result read = reader.read(exchange.getMessage().getBody(byte[].class));
        if (read instanceof JsonBodyReader.Result.Refused refused) {
            ApiResponses.refuse(exchange, refused.tooLarge() ? 413 : 400, title, refused.violation().message(),
                    Map.of("violations", List.of(Violation.of(refused.violation()))));
            return Optional.empty();
        }
        return Optional.of(((JsonBodyReader.Result.Parsed) read).document());
    }

    private static void invalid(Exchange exchange, String title, List<FieldViolation> v) {
        ApiResponses.refuse(exchange, 400, title, v.size() + " violation(s); nothing was done",
                Map.of("violations", v.stream().map(Violation::of).toList()));
    }
}
