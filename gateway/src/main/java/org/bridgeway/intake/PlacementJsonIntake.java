package org.bridgeway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bridgeway.adapters.Digests;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.FreeText;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementChange;
import org.bridgeway.model.PlacementEvent;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.Postcode;
import org.bridgeway.model.Upn;
import org.bridgeway.reference.DistrictLookup;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.ReferenceData;

/**
 * The real-time placement endpoint's translation: a JSON document, validated first against the published JSON
 * Schema and then against the rules no schema can express (NHS number check digit, UPN check letter, known
 * authorities, postcode district), becomes a {@link PlacementNotice}. Every violation is collected, not just
 * the first, and no message repeats a submitted value.
 */
public final class PlacementJsonIntake {
    public static final String SCHEMA_RESOURCE = "/schemas/placement-notice.schema.json";
    /** Far above any real placement notice; refuses a hostile body before parsing it. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final JsonBodyReader BODY = new JsonBodyReader(MAX_BYTES, "a placement notice");

    private final JsonSchema schema;
    private final ReferenceData reference;
    private final Supplier<String> exchangeIds;

    public PlacementJsonIntake(ReferenceData reference, Supplier<String> exchangeIds) {
        this.reference = reference;
        this.exchangeIds = exchangeIds;
        try (InputStream in = PlacementJsonIntake.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the placement notice schema", e);
        }
    }

    public static byte[] schemaDocument() {
        return resource(SCHEMA_RESOURCE);
    }

    /** A schema (or other document) shipped on the classpath, as published by the API. */
    public static byte[] resource(String path) {
        try (InputStream in = PlacementJsonIntake.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public JsonIntakeResult parse(byte[] body) {
        JsonBodyReader.Result read = BODY.read(body);
        if (read instanceof JsonBodyReader.Result.Refused refused) {
            return new JsonIntakeResult.Refused(List.of(Violation.of(refused.violation())));
        }
        JsonNode document = ((JsonBodyReader.Result.Parsed) read).document();
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage m : schema.validate(document)) {
            violations.add(fromSchema(m));
        }
        Checked checked = checkRules(document, violations);
        if (!violations.isEmpty()) {
            violations.sort(Comparator.comparing(Violation::field).thenComparing(Violation::rule));
            return new JsonIntakeResult.Refused(List.copyOf(new java.util.LinkedHashSet<>(violations)));
        }
        return new JsonIntakeResult.Accepted(build(document, checked));
    }

    /** What the rule checks established, for building the notice once there are no violations. */
    private record Checked(Optional<LocalAuthority> placing, Optional<LocalAuthority> host, Optional<NhsNumber> nhs,
                           Optional<Upn> upn, Optional<Postcode> home, Optional<Postcode> where,
                           Optional<PlacementNotice.Lifecycle> lifecycle) {
    }

    /**
     * The rules a schema cannot express, checked on every field that is present whatever the schema said, so
     * that one answer lists every problem.
     */
    private Checked checkRules(JsonNode doc, List<Violation> violations) {
        JsonNode child = doc.path("child");
        JsonNode placement = doc.path("placement");
        Optional<LocalAuthority> placing = doc.hasNonNull("placingAuthority")
                ? check(violations, "placingAuthority",
                        () -> reference.localAuthority(DfeLaCode.parse(doc.get("placingAuthority").asText())),
                        "placingAuthority.unknown", "the placing authority is not a known English children's services authority")
                : Optional.empty();
        Optional<NhsNumber> nhs = optional(violations, child, "nhsNumber", "child.nhsNumber", NhsNumber::parse);
        Optional<Upn> upn = optional(violations, child, "upn", "child.upn", Upn::parse);
        Optional<Postcode> home = optional(violations, child, "homePostcode", "child.homePostcode", Postcode::parse);
        Optional<Postcode> where = optional(violations, placement, "postcode", "placement.postcode", Postcode::parse);
        for (String name : List.of("givenName", "familyName")) {
            if (child.path(name).isTextual()) {
                FreeText.checkCharacters("child." + name, child.get(name).asText())
                        .forEach(v -> violations.add(Violation.of(v)));
            }
        }
        Optional<LocalDate> dob = date(child, "dateOfBirth");
        Optional<LocalDate> start = date(placement, "startDate");
        if (dob.isPresent() && start.isPresent() && dob.get().isAfter(start.get())) {
            violations.add(new Violation("child.dateOfBirth", "child.dateOfBirth.after-placement",
                    "the date of birth is after the placement start date"));
        }
        Optional<LocalAuthority> host = Optional.empty();
        if (placement.hasNonNull("localAuthority")) {
            host = check(violations, "placement.localAuthority",
                    () -> reference.localAuthority(DfeLaCode.parse(placement.get("localAuthority").asText())),
                    "placement.localAuthority.unknown", "the placement authority is not a known English authority");
        } else if (where.isPresent()) {
            host = placementAuthority(where.get(), violations);
        }
        return new Checked(placing, host, nhs, upn, home, where, lifecycle(placement, start, violations));
    }

    /**
     * Whether the placement started, changed or ended (no event: started), with what the event needs: an end its
     * date, on or after the start, and its REC reason; a change how it changed, and for a move the known area left.
     */
    private Optional<PlacementNotice.Lifecycle> lifecycle(JsonNode placement, Optional<LocalDate> start,
                                                          List<Violation> violations) {
        int before = violations.size();
        Optional<PlacementEvent> event = optional(violations, placement, "event",
                PlacementNotice.Fields.PLACEMENT_EVENT, PlacementEvent::fromCode);
        Optional<PlacementChange> change = optional(violations, placement, "change",
                PlacementNotice.Fields.PLACEMENT_CHANGE, PlacementChange::fromCode);
        Optional<LocalDate> end = date(placement, "endDate");
        Optional<Organisation> left = placement.hasNonNull("previousLocalAuthority")
                ? check(violations, PlacementNotice.Fields.PLACEMENT_PREVIOUS_LOCAL_AUTHORITY,
                        () -> reference.localAuthority(
                                DfeLaCode.parse(placement.get("previousLocalAuthority").asText())),
                        "placement.previousLocalAuthority.unknown", "the area left is not a known English authority")
                        .map(LocalAuthority::organisation)
                : Optional.empty();
        PlacementEvent told = event.orElse(PlacementEvent.STARTED);
        if (end.isPresent() && start.isPresent()) {
            PlacementNotice.endDateOutOfOrder(told, start.get(), end.get()).ifPresent(why -> violations.add(
                    new Violation(PlacementNotice.Fields.PLACEMENT_END_DATE, PlacementNotice.END_DATE_ORDER, why)));
        }
        if (violations.size() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PlacementNotice.Lifecycle(told, change, end, text(placement, "endReason"), left));
        } catch (InvalidValueException e) {
            violations.add(new Violation(e.rule().replaceFirst("\\.[a-z-]+$", ""), e.rule(), e.getMessage()));
            return Optional.empty();
        }
    }

    private PlacementNotice build(JsonNode doc, Checked checked) {
        JsonNode child = doc.get("child");
        JsonNode placement = doc.get("placement");
        Organisation sender = checked.placing().orElseThrow().organisation();
        return new PlacementNotice(
                exchangeIds.get(),
                sender,
                "placement-json:" + Digests.sha256(sender.code() + "|" + doc.get("sourceReference").asText()),
                new PlacementNotice.Child(child.get("localId").asText(), checked.nhs(),
                        checked.upn().filter(u -> !u.isPlaceholder()), text(child, "givenName"),
                        text(child, "familyName"),
                        "male".equals(child.get("sex").asText()) ? PlacementNotice.Sex.MALE : PlacementNotice.Sex.FEMALE,
                        LocalDate.parse(child.get("dateOfBirth").asText()), text(child, "ethnicity"), checked.home()),
                new PlacementNotice.Placement(LocalDate.parse(placement.get("startDate").asText()),
                        placement.get("reasonForNewEpisode").asText(), placement.get("legalStatus").asText(),
                        text(placement, "categoryOfNeed"), placement.get("type").asText(), text(placement, "provider"),
                        checked.where().orElseThrow(), checked.host().orElseThrow().organisation(),
                        text(placement, "providerUrn"), text(placement, "reasonForChange")),
                doc.has("risks") ? textList(doc.get("risks")) : List.of(),
                checked.lifecycle().orElseThrow(),
                doc.path("highRiskOfExploitation").asBoolean(false),
                PlacementNotice.Notification.sent(PlacementNotice.Source.CASE_SYSTEM,
                        placement.path("emergency").asBoolean(false)));
    }

    private static Optional<LocalDate> date(JsonNode parent, String property) {
        try {
            return parent.hasNonNull(property) ? Optional.of(LocalDate.parse(parent.get(property).asText())) : Optional.empty();
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Optional<LocalAuthority> placementAuthority(Postcode postcode, List<Violation> violations) {
        DistrictLookup lookup = reference.lookup(postcode);
        if (lookup instanceof DistrictLookup.Found found) {
            return Optional.of(found.authority());
        }
        if (lookup instanceof DistrictLookup.SpansAuthorities spans) {
            violations.add(new Violation("placement.postcode", "placement.postcode.district-spans-authorities",
                    "postcode district " + postcode.district() + " spans "
                            + spans.authorities().stream().map(a -> a.name() + " (" + a.dfeCode() + ")").toList()
                            + "; give placement.localAuthority"));
        } else {
            violations.add(new Violation("placement.postcode", "placement.postcode.district-unknown",
                    "postcode district " + postcode.district() + " is not in the reference data; give placement.localAuthority"));
        }
        return Optional.empty();
    }

    private static <T> Optional<T> optional(List<Violation> violations, JsonNode parent, String property,
                                            String field, Function<String, T> parser) {
        if (!parent.hasNonNull(property)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(parent.get(property).asText()));
        } catch (InvalidValueException e) {
            violations.add(new Violation(field, e.rule(), e.getMessage()));
            return Optional.empty();
        }
    }

    private static <T> Optional<T> check(List<Violation> violations, String field, Supplier<Optional<T>> lookup,
                                         String rule, String message) {
        try {
            Optional<T> found = lookup.get();
            if (found.isEmpty()) {
                violations.add(new Violation(field, rule, message));
            }
            return found;
        } catch (InvalidValueException e) {
            violations.add(new Violation(field, e.rule(), e.getMessage()));
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode parent, String property) {
        return parent.hasNonNull(property) ? Optional.of(parent.get(property).asText()) : Optional.empty();
    }

    private static List<String> textList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A schema violation in our words: the field in dotted form, the keyword as the rule, no submitted value. */
    private static Violation fromSchema(ValidationMessage m) {
        String path = dotted(m.getInstanceLocation().toString());
        String type = m.getType();
        return switch (type) {
            case "required" -> new Violation(join(path, m.getProperty()), "schema.required", "is required");
            case "additionalProperties" -> new Violation(
                    JsonBodyReader.memberName(path.isEmpty() ? "" : path + ".", m.getProperty()),
                    "schema.additionalProperties", "is not a field of a placement notice");
            // the same rule, and words, as every other reader's length limit on text
            case "maxLength" -> new Violation(path, FreeText.MAX_LENGTH,
                    FreeText.maxLengthMessage(m.getSchemaNode().asInt()));
            case "pattern" -> new Violation(path, "schema.pattern", "does not have the required form "
                    + m.getSchemaNode().asText());
            case "enum" -> new Violation(path, "schema.enum", "must be one of " + m.getSchemaNode());
            case "format" -> new Violation(path, "schema.format", "must be a date in the form yyyy-mm-dd");
            case "type" -> new Violation(path, "schema.type", "has the wrong JSON type");
            default -> new Violation(path.isEmpty() ? "$" : path, "schema." + type,
                    m.getMessage().replaceFirst("^\\S+: ", ""));
        };
    }

    /** "$.child.sex" or "/child/sex" becomes "child.sex": the canonical dotted field name. */
    private static String dotted(String location) {
        String path = location.replaceFirst("^\\$\\.?", "").replaceFirst("^/", "").replace('/', '.');
        return path.replaceAll("\\[(\\d+)]", ".$1");
    }

    private static String join(String path, String property) {
        return path.isEmpty() ? property : path + "." + property;
    }
}
