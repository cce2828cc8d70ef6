package org.bridgeway.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bridgeway.adapters.Digests;
import org.bridgeway.audit.CanonicalJson;

/**
 * Evaluates the information sharing agreements in process: for single-machine use and tests. It implements the
 * same generic rules an OPA engine runs over the same data, and is held to them by {@code policies/conformance/}.
 *
 * <p>Loading: every {@code *.yaml} in the agreements directory is validated against the JSON Schema
 * ({@code policies/agreement.schema.json}, draft 2020-12) and then checked for what the schema cannot say: dates
 * are real and validFrom is not after validUntil; every field name is a canonical field of the exchange type; a
 * special-category field is only permitted to a recipient whose lawful basis has an Art 9 condition; a police
 * recipient, and only a police recipient, has a DPA 2018 Part 3 purpose; sender roles are not repeated within an
 * agreement, and no two recipient entries of an agreement could both apply to one recipient (the same role, and
 * neither listing relations or both listing one relation); listed organisations belong to the entry's role;
 * agreement ids are unique; and no two agreements cover the same (exchange type, sender role, recipient role and
 * relation) in overlapping validity periods. Any failure is a
 * {@link PolicyLoadException} naming the file and field, and the decision point does not start.
 *
 * <p>Rules, in order (the decision is deny unless the last step is reached):
 * <ol>
 *   <li>the sender and recipient ids must begin with their role ({@code <role>:});</li>
 *   <li>the candidates are the agreements for the exchange type with a sender entry of the sender's role and a
 *       recipient entry that serves the recipient: of its role and, when the entry lists {@code relations}, with
 *       the recipient's relation among them (an entry listing relations never serves a recipient asked about in
 *       none); none: deny, saying of each agreement with entries of the role only for other relations which
 *       relations it serves;</li>
 *   <li>the candidate whose validity period (inclusive) contains the decision date is the agreement; none: deny,
 *       saying of each candidate that it expired or is not yet valid;</li>
 *   <li>where the sender or recipient entry lists organisations, the party must be listed; it must never be in
 *       the entry's excluded organisations;</li>
 *   <li>where the recipient entry has {@code onlyWhen} conditions, at least one must hold: a field is present, or
 *       one of a policy fact's values (the input's context) is among those listed; none: deny;</li>
 *   <li>permitted = fields present that the recipient entry permits (special-category fields only when the entry
 *       has an Art 9 condition); withheld = the rest; no permitted field: deny;</li>
 *   <li>allow, with the entry's Art 6 basis and legal gateway, its Art 9 and Schedule 1 conditions only when a
 *       special-category field is permitted, its Part 3 purpose when it has one, its retention, and the
 *       agreement's obligations followed by the entry's.</li>
 * </ol>
 */
public final class EmbeddedDecisionPoint implements PolicyDecisionPoint {

    /** The schema file's name, looked for next to the agreements directory. */
    public static final String SCHEMA_FILE = "agreement.schema.json";

    /** Roles that are competent authorities under DPA 2018 Part 3 (s.30, Sch 7). */
    private static final Set<String> PART3_ROLES = Set.of("police");

    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Agreement> agreements;
    /** Each exchange type's agreements, in the order of their ids: what a decision looks through, and in what order. */
    private final Map<String, List<Agreement>> byExchangeType;
    /** Ids are unique across the loaded agreements. */
    private final Map<String, Agreement> byId;
    private final String revision;

    /**
     * Loads the agreements in {@code agreementsDir}, validating them against {@value #SCHEMA_FILE} in its parent
     * directory (in production: {@code policies/agreements/} and {@code policies/agreement.schema.json}).
     *
     * @throws PolicyLoadException naming the file and field at fault
     */
    public EmbeddedDecisionPoint(Path agreementsDir) {
        this(agreementsDir, agreementsDir.toAbsolutePath().normalize().resolveSibling(SCHEMA_FILE));
    }

    /** Loads the agreements as of today in England: an agreement that has already expired is refused. */
    public EmbeddedDecisionPoint(Path agreementsDir, Path schemaFile) {
        this(agreementsDir, schemaFile, LocalDate.now(java.time.ZoneId.of("Europe/London")));
    }

    /**
     * Loads the agreements in {@code agreementsDir}, validating them against {@code schemaFile}. An agreement
     * whose validity ended before {@code loadDate} is refused: a superseded agreement belongs in
     * {@code policies/archive/}, not in the live set.
     *
     * @throws PolicyLoadException naming the file and field at fault
     */
    public EmbeddedDecisionPoint(Path agreementsDir, Path schemaFile, LocalDate loadDate) {
        JsonSchema schema = loadSchema(schemaFile);
        List<Path> files = listAgreementFiles(agreementsDir);
        List<Agreement> loaded = new ArrayList<>();
        StringBuilder canonical = new StringBuilder();
        for (Path file : files) {
            JsonNode tree = parse(file);
            validate(schema, file, tree);
            Agreement a = Agreement.from(file, tree);
            if (a.validUntil().isBefore(loadDate)) {
                throw new PolicyLoadException(file, "$.validUntil", "agreement " + a.id() + " version " + a.version()
                        + " expired on " + a.validUntil() + "; renew it as a new version or move it to policies/archive/");
            }
            checkAgainstOthers(a, loaded);
            loaded.add(a);
            canonical.append(file.getFileName()).append('\n').append(CanonicalJson.write(tree)).append('\n');
        }
        this.agreements = List.copyOf(loaded);
        this.byExchangeType = Map.copyOf(agreements.stream().sorted(Comparator.comparing(Agreement::id))
                .collect(Collectors.groupingBy(Agreement::exchangeType, Collectors.toUnmodifiableList())));
        this.byId = agreements.stream().collect(Collectors.toUnmodifiableMap(Agreement::id, a -> a));
        this.revision = "sha256:" + Digests.sha256(canonical.toString());
    }

    @Override
    public String revision() {
        return revision;
    }

    /**
     * How long a recipient has to acknowledge a message disclosed under this agreement version before it expires;
     * {@link DeliveryWindows#DEFAULT} for an agreement not loaded here (decided by another engine, say).
     */
    public Duration deliveryWindow(String agreementId, String version) {
        Agreement a = byId.get(agreementId);
        return a != null && a.version().equals(version) ? a.deliveryWindow() : DeliveryWindows.DEFAULT;
    }

    /** The ids of the loaded agreements, in file-name order. */
    public List<String> agreementIds() {
        return agreements.stream().map(Agreement::id).toList();
    }

    // ------------------------------------------------------------------------------------------------- deciding

    @Override
    public PolicyDecision decide(PolicyInput in) {
        String exchange = in.exchangeType();
        String senderRole = in.sender().role();
        String recipientRole = in.recipient().role();
        String relation = in.recipient().relation();
        String route = exchange + " from " + senderRole + " to " + recipientRole
                + (relation == null ? "" : " as " + relation);

        List<String> mismatched = new ArrayList<>();
        checkIdMatchesRole("sender", in.sender(), mismatched);
        checkIdMatchesRole("recipient", in.recipient(), mismatched);
        if (!mismatched.isEmpty()) {
            return denied(in, mismatched);
        }

        List<Agreement> ofExchange = byExchangeType.getOrDefault(exchange, List.of());
        List<Agreement> candidates = ofExchange.stream()
                .filter(a -> a.sender(senderRole) != null && a.recipient(recipientRole, relation) != null)
                .toList();
        if (candidates.isEmpty()) {
            List<String> reasons = new ArrayList<>();
            ofExchange.stream()
                    .filter(a -> a.sender(senderRole) != null)
                    .filter(a -> !a.relationsServed(recipientRole).isEmpty())
                    .forEach(a -> reasons.add("agreement " + a.id() + " version " + a.version() + " serves "
                            + recipientRole + " recipients only as "
                            + String.join(", ", a.relationsServed(recipientRole))));
            reasons.add("no information sharing agreement covers " + route);
            return denied(in, reasons);
        }

        LocalDate date = in.decisionDate();
        List<Agreement> inForce = candidates.stream().filter(a -> a.inForceOn(date)).toList();
        if (inForce.isEmpty()) {
            List<String> reasons = new ArrayList<>();
            for (Agreement a : candidates) {
                reasons.add(date.isAfter(a.validUntil())
                        ? "agreement " + a.id() + " version " + a.version() + " expired on " + a.validUntil()
                        : "agreement " + a.id() + " version " + a.version() + " is not valid until " + a.validFrom());
            }
            reasons.add("no information sharing agreement in force on " + date + " covers " + route);
            return denied(in, reasons);
        }
        Agreement a = inForce.get(0); // at most one: overlapping agreements are refused at load time
        SenderEntry s = a.sender(senderRole);
        RecipientEntry r = a.recipient(recipientRole, relation);

        List<String> reasons = new ArrayList<>();
        reasons.add("agreement " + a.id() + " version " + a.version() + " (" + a.title() + ") covers " + route
                + " and is in force on " + date + " (valid " + a.validFrom() + " to " + a.validUntil() + ")");

        List<String> notParties = new ArrayList<>();
        checkParty("sender", in.sender(), s.organisations(), s.excludedOrganisations(), a, notParties);
        checkParty("recipient", in.recipient(), r.organisations(), r.excludedOrganisations(), a, notParties);
        if (!notParties.isEmpty()) {
            reasons.addAll(notParties);
            return denied(in, reasons);
        }

        if (!r.onlyWhen().isEmpty()) {
            String conditional = "disclosure to " + recipientRole + " under " + a.id() + " is conditional (when "
                    + r.onlyWhen().stream().map(Condition::describe).collect(Collectors.joining("; or ")) + ")";
            if (r.onlyWhen().stream().noneMatch(c -> c.holds(in))) {
                reasons.add(conditional + ", and this notice meets no condition");
                return denied(in, reasons);
            }
            reasons.add(conditional + ", and this notice meets the condition");
        }

        boolean hasArticle9 = r.lawfulBasis().article9() != null;
        List<String> permitted = new ArrayList<>();
        List<String> withheldSpecial = new ArrayList<>();
        List<String> withheldOther = new ArrayList<>();
        for (String f : in.fields()) {
            boolean special = a.specialCategoryFields().contains(f);
            if (r.permittedFields().contains(f) && (!special || hasArticle9)) {
                permitted.add(f);
            } else if (special) {
                withheldSpecial.add(f);
            } else {
                withheldOther.add(f);
            }
        }
        List<String> withheld = new ArrayList<>(in.fields());
        withheld.removeAll(permitted);
        String under = " under " + a.id();
        if (!permitted.isEmpty()) {
            reasons.add("permitted for " + recipientRole + under + ": " + String.join(", ", permitted));
        }
        if (!withheldSpecial.isEmpty()) {
            reasons.add("withheld from " + recipientRole + ", special category data not permitted for this recipient"
                    + under + ": " + String.join(", ", withheldSpecial));
        }
        if (!withheldOther.isEmpty()) {
            reasons.add("withheld from " + recipientRole + ", not among the fields permitted for its purpose"
                    + under + " (data minimisation): " + String.join(", ", withheldOther));
        }
        if (permitted.isEmpty()) {
            reasons.add("none of the fields present may be disclosed to " + recipientRole + under);
            return denied(in, reasons);
        }

        List<String> specialDisclosed = permitted.stream().filter(a.specialCategoryFields()::contains).toList();
        LawfulBasis basis = specialDisclosed.isEmpty() ? r.lawfulBasis().withoutArticle9() : r.lawfulBasis();
        reasons.add("lawful basis for disclosure to " + recipientRole + ": " + basis.article6() + "; legal gateway: "
                + basis.legalGateway());
        if (!specialDisclosed.isEmpty()) {
            reasons.add("special category data disclosed (" + String.join(", ", specialDisclosed) + ") under "
                    + basis.article9() + " and " + basis.schedule1Condition());
        }
        if (basis.part3Purpose() != null) {
            reasons.add("the recipient processes the data under DPA 2018 Part 3, for " + basis.part3Purpose());
        }
        reasons.add("retain for " + r.retention() + " from receipt");

        Set<String> obligations = new LinkedHashSet<>(a.obligations());
        obligations.addAll(r.obligations());
        return new PolicyDecision(true, a.id(), a.version(), basis, permitted, withheld, r.retention(),
                List.copyOf(obligations), reasons, revision);
    }

    private PolicyDecision denied(PolicyInput in, List<String> reasons) {
        return PolicyDecision.deny(reasons).withWithheldFields(in.fields()).withPolicyRevision(revision);
    }

    private static void checkIdMatchesRole(String side, PolicyInput.Party p, List<String> reasons) {
        if (!p.id().startsWith(p.role() + ":")) {
            reasons.add(side + " id " + p.id() + " does not match its role " + p.role());
        }
    }

    private static void checkParty(String side, PolicyInput.Party p, List<String> listed, List<String> excluded,
                                   Agreement a, List<String> reasons) {
        if (!listed.isEmpty() && !listed.contains(p.id())) {
            reasons.add(side + " " + p.id() + " is not listed as a " + p.role() + " party to agreement " + a.id());
        }
        if (excluded.contains(p.id())) {
            reasons.add(side + " " + p.id() + " is excluded from agreement " + a.id());
        }
    }

    // -------------------------------------------------------------------------------------------------- loading

    private static JsonSchema loadSchema(Path schemaFile) {
        JsonNode node;
        try {
            node = JSON.readTree(schemaFile.toFile());
        } catch (IOException e) {
            throw new PolicyLoadException(schemaFile, null, "cannot read the agreement schema: " + e.getMessage(), e);
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_PATH)
                .formatAssertionsEnabled(true)
                .build();
        try {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node, config);
        } catch (RuntimeException e) {
            throw new PolicyLoadException(schemaFile, null, "invalid agreement schema: " + e.getMessage(), e);
        }
    }

    private static List<Path> listAgreementFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PolicyLoadException(dir, null, "the agreements directory does not exist");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new PolicyLoadException(dir, null, "cannot list the agreements: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new PolicyLoadException(dir, null, "no agreements (*.yaml) found");
        }
        return files;
    }

    private static JsonNode parse(Path file) {
        try {
            JsonNode tree = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (tree == null || tree.isMissingNode() || !tree.isObject()) {
                throw new PolicyLoadException(file, "$", "an agreement must be a YAML mapping");
            }
            return tree;
        } catch (JacksonException e) {
            throw new PolicyLoadException(file, "$", "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new PolicyLoadException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void validate(JsonSchema schema, Path file, JsonNode tree) {
        Set<ValidationMessage> errors = schema.validate(tree);
        if (errors.isEmpty()) {
            return;
        }
        List<ValidationMessage> sorted = errors.stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> fieldOf(m)).thenComparing(m -> m.getMessage()))
                .toList();
        String problems = sorted.stream().map(EmbeddedDecisionPoint::describe).distinct()
                .collect(Collectors.joining("; "));
        throw new PolicyLoadException(file, fieldOf(sorted.get(0)),
                "does not match " + SCHEMA_FILE + ": " + problems);
    }

    private static String describe(ValidationMessage m) {
        JsonNode found = m.getInstanceNode();
        String text = m.getMessage();
        String at = m.getInstanceLocation().toString() + ": ";
        if (text.startsWith(at)) {
            text = text.substring(at.length());
        }
        return fieldOf(m) + ": " + text + (found != null && found.isValueNode() ? " (found " + found + ")" : "");
    }

    /** The JSON path of the field a message is about: for required and unknown properties, the property itself. */
    private static String fieldOf(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        String type = m.getType();
        if (m.getProperty() != null && ("required".equals(type) || "additionalProperties".equals(type)
                || "dependentRequired".equals(type))) {
            return at + "." + m.getProperty();
        }
        return at;
    }

    private static void checkAgainstOthers(Agreement a, List<Agreement> loaded) {
        for (Agreement other : loaded) {
            if (other.id().equals(a.id())) {
                throw new PolicyLoadException(a.file(), "$.id", "duplicate agreement id " + a.id()
                        + ", also declared in " + other.file().getFileName());
            }
        }
        for (Agreement other : loaded) {
            if (!other.exchangeType().equals(a.exchangeType()) || !a.overlaps(other)) {
                continue;
            }
            for (int i = 0; i < a.recipients().size(); i++) {
                RecipientEntry r = a.recipients().get(i);
                for (RecipientEntry o : other.recipients()) {
                    List<String> shared = r.relationsSharedWith(o);
                    if (shared == null) {
                        continue;
                    }
                    for (SenderEntry s : a.senders()) {
                        if (other.sender(s.role()) != null) {
                            throw new PolicyLoadException(a.file(), "$.parties.recipients[" + i + "].role",
                                    "agreement " + a.id() + " contradicts agreement " + other.id() + " ("
                                            + other.file().getFileName() + "): both cover " + a.exchangeType()
                                            + " from " + s.role() + " to " + r.role()
                                            + (shared.isEmpty() ? "" : " as " + String.join(", ", shared))
                                            + " in overlapping validity periods (" + a.validFrom() + " to "
                                            + a.validUntil() + " and " + other.validFrom() + " to "
                                            + other.validUntil() + ")");
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ agreement data

    private record SenderEntry(String role, List<String> organisations, List<String> excludedOrganisations) {
    }

    /**
     * One recipient entry.
     *
     * @param relations the recipient relations the entry serves; empty: any relation, and a recipient in none
     */
    private record RecipientEntry(String role, List<String> relations, List<String> organisations,
                                  List<String> excludedOrganisations, LawfulBasis lawfulBasis,
                                  List<String> permittedFields, String retention, List<String> obligations,
                                  List<Condition> onlyWhen) {

        boolean serves(String recipientRole, String relation) {
            return role.equals(recipientRole)
                    && (relations.isEmpty() || relation != null && relations.contains(relation));
        }

        /**
         * The relations in which both this entry and {@code other} would serve one recipient: null when none (other
         * roles, or disjoint relations); empty when neither lists relations, so both serve every recipient of the
         * role.
         */
        List<String> relationsSharedWith(RecipientEntry other) {
            if (!role.equals(other.role)) {
                return null;
            }
            if (relations.isEmpty() || other.relations.isEmpty()) {
                return relations.isEmpty() ? other.relations : relations;
            }
            List<String> shared = relations.stream().filter(other.relations::contains).toList();
            return shared.isEmpty() ? null : shared;
        }
    }

    /**
     * One condition of a recipient entry's {@code onlyWhen}: the field is present, or one of its values (a list field
     * is comma-joined in the input's context) is among {@code anyOf}. Values are read from the input's context only,
     * where the exchange type's policy facts are given.
     */
    private record Condition(String field, List<String> anyOf, boolean present) {
        boolean holds(PolicyInput in) {
            if (present) {
                return in.fields().contains(field);
            }
            String value = in.context().get(field);
            return value != null && Stream.of(value.split(",")).map(String::strip).anyMatch(anyOf::contains);
        }

        String describe() {
            return present ? field + " is present" : field + " has one of the values " + String.join(", ", anyOf);
        }

        static Condition from(Path file, String at, JsonNode c, List<String> known, String exchangeType) {
            String field = c.get("field").asText();
            Agreement.checkKnown(file, at + ".field", field, known, exchangeType);
            if (c.has("present")) {
                return new Condition(field, List.of(), true);
            }
            List<String> facts = CanonicalFields.policyFacts(exchangeType);
            if (!facts.contains(field)) {
                throw new PolicyLoadException(file, at + ".field", "the value of " + field + " is not given to policy"
                        + " engines, so a condition on it could never hold; conditions on " + exchangeType
                        + " may test the values of: " + (facts.isEmpty() ? "(none)" : String.join(", ", facts))
                        + ", and the presence of any field");
            }
            return new Condition(field, Agreement.strings(c.get("anyOf")), false);
        }
    }

    private record Agreement(Path file, String id, String version, String title, String exchangeType,
                             LocalDate validFrom, LocalDate validUntil, List<String> specialCategoryFields,
                             List<String> obligations, List<SenderEntry> senders, List<RecipientEntry> recipients,
                             Duration deliveryWindow) {

        SenderEntry sender(String role) {
            return senders.stream().filter(s -> s.role().equals(role)).findFirst().orElse(null);
        }

        /** The entry serving a recipient of {@code role} in {@code relation} (may be null): at most one does. */
        RecipientEntry recipient(String role, String relation) {
            return recipients.stream().filter(r -> r.serves(role, relation)).findFirst().orElse(null);
        }

        /** The relations this agreement's entries for {@code role} are limited to, in order; empty if any is not. */
        List<String> relationsServed(String role) {
            List<RecipientEntry> ofRole = recipients.stream().filter(r -> r.role().equals(role)).toList();
            if (ofRole.isEmpty() || ofRole.stream().anyMatch(r -> r.relations().isEmpty())) {
                return List.of();
            }
            return ofRole.stream().flatMap(r -> r.relations().stream()).toList();
        }

        boolean inForceOn(LocalDate d) {
            return !d.isBefore(validFrom) && !d.isAfter(validUntil);
        }

        boolean overlaps(Agreement o) {
            return !validFrom.isAfter(o.validUntil) && !o.validFrom.isAfter(validUntil);
        }

        /** Builds an agreement from a schema-valid tree, making the checks the schema cannot. */
        static Agreement from(Path file, JsonNode t) {
            String exchangeType = t.get("exchangeType").asText();
            List<String> known = CanonicalFields.of(exchangeType).orElseThrow(() -> new PolicyLoadException(file,
                    "$.exchangeType", "unknown exchange type " + exchangeType));
            LocalDate from = date(file, t, "validFrom");
            LocalDate until = date(file, t, "validUntil");
            date(file, t, "reviewDate");
            if (from.isAfter(until)) {
                throw new PolicyLoadException(file, "$.validFrom",
                        "validFrom " + from + " is after validUntil " + until);
            }
            List<String> special = strings(t.path("specialCategoryFields"));
            for (int i = 0; i < special.size(); i++) {
                checkKnown(file, "$.specialCategoryFields[" + i + "]", special.get(i), known, exchangeType);
            }

            List<SenderEntry> senders = new ArrayList<>();
            JsonNode ss = t.get("parties").get("senders");
            for (int i = 0; i < ss.size(); i++) {
                JsonNode s = ss.get(i);
                String at = "$.parties.senders[" + i + "]";
                String role = s.get("role").asText();
                if (senders.stream().anyMatch(x -> x.role().equals(role))) {
                    throw new PolicyLoadException(file, at + ".role", "sender role " + role + " is listed twice");
                }
                senders.add(new SenderEntry(role, organisations(file, s, at, "organisations", role),
                        organisations(file, s, at, "excludedOrganisations", role)));
            }

            List<RecipientEntry> recipients = new ArrayList<>();
            JsonNode rs = t.get("parties").get("recipients");
            for (int i = 0; i < rs.size(); i++) {
                JsonNode r = rs.get(i);
                String at = "$.parties.recipients[" + i + "]";
                String role = r.get("role").asText();
                JsonNode lb = r.get("lawfulBasis");
                LawfulBasis basis = new LawfulBasis(lb.get("article6").asText(), textOrNull(lb, "article9"),
                        textOrNull(lb, "schedule1Condition"), textOrNull(lb, "part3Purpose"),
                        lb.get("legalGateway").asText());
                if (PART3_ROLES.contains(role) && basis.part3Purpose() == null) {
                    throw new PolicyLoadException(file, at + ".lawfulBasis.part3Purpose",
                            "a " + role + " recipient must state its DPA 2018 Part 3 (s.31) purpose");
                }
                if (!PART3_ROLES.contains(role) && basis.part3Purpose() != null) {
                    throw new PolicyLoadException(file, at + ".lawfulBasis.part3Purpose",
                            "a " + role + " recipient is not a competent authority under DPA 2018 Part 3");
                }
                List<String> permitted = strings(r.get("permittedFields"));
                for (int j = 0; j < permitted.size(); j++) {
                    String f = permitted.get(j);
                    String fieldAt = at + ".permittedFields[" + j + "]";
                    checkKnown(file, fieldAt, f, known, exchangeType);
                    if (special.contains(f) && basis.article9() == null) {
                        throw new PolicyLoadException(file, fieldAt, "special category field " + f
                                + " is permitted to " + role + " but its lawful basis has no UK GDPR Art 9 condition"
                                + " (lawfulBasis.article9 and lawfulBasis.schedule1Condition)");
                    }
                }
                String retention = r.get("retention").asText();
                try {
                    Period.parse(retention);
                } catch (DateTimeParseException e) {
                    throw new PolicyLoadException(file, at + ".retention",
                            "retention " + retention + " is not an ISO-8601 period such as P2Y");
                }
                List<Condition> onlyWhen = new ArrayList<>();
                JsonNode conditions = r.path("onlyWhen");
                for (int j = 0; j < conditions.size(); j++) {
                    onlyWhen.add(Condition.from(file, at + ".onlyWhen[" + j + "]", conditions.get(j), known,
                            exchangeType));
                }
                RecipientEntry entry = new RecipientEntry(role, strings(r.path("relations")),
                        organisations(file, r, at, "organisations", role),
                        organisations(file, r, at, "excludedOrganisations", role), basis, permitted, retention,
                        strings(r.path("obligations")), List.copyOf(onlyWhen));
                for (int j = 0; j < recipients.size(); j++) {
                    List<String> shared = recipients.get(j).relationsSharedWith(entry);
                    if (shared != null) {
                        String field = at + (entry.relations().isEmpty() ? ".role" : ".relations");
                        throw new PolicyLoadException(file, field, "recipient entries " + j + " and " + i
                                + " of agreement " + t.get("id").asText() + " could both apply to a " + role
                                + " recipient " + (shared.isEmpty() ? "(neither lists relations)"
                                : "as " + String.join(", ", shared)) + ": give each " + role
                                + " entry relations that no other " + role + " entry lists, or keep one " + role
                                + " entry");
                    }
                }
                recipients.add(entry);
            }
            return new Agreement(file, t.get("id").asText(), t.get("version").asText(), t.get("title").asText(),
                    exchangeType, from, until, special, strings(t.path("obligations")), List.copyOf(senders),
                    List.copyOf(recipients), deliveryWindow(file, t));
        }

        /** The agreement's delivery window; {@link DeliveryWindows#DEFAULT} when it names none. */
        private static Duration deliveryWindow(Path file, JsonNode t) {
            JsonNode v = t.get("deliveryWindow");
            if (v == null) {
                return DeliveryWindows.DEFAULT;
            }
            try {
                return DeliveryWindows.check(Duration.parse(v.asText()));
            } catch (java.time.format.DateTimeParseException | IllegalArgumentException e) {
                throw new PolicyLoadException(file, "$.deliveryWindow", "deliveryWindow " + v.asText()
                        + " is not an ISO-8601 duration from " + DeliveryWindows.SHORTEST + " to "
                        + DeliveryWindows.LONGEST + ", e.g. P5D");
            }
        }

        private static LocalDate date(Path file, JsonNode t, String name) {
            String v = t.get(name).asText();
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw new PolicyLoadException(file, "$." + name, v + " is not a valid date (YYYY-MM-DD)");
            }
        }

        static void checkKnown(Path file, String at, String field, List<String> known, String exchangeType) {
            if (!known.contains(field)) {
                throw new PolicyLoadException(file, at, field + " is not a canonical field name of " + exchangeType
                        + " (known: " + String.join(", ", known) + ")");
            }
        }

        private static List<String> organisations(Path file, JsonNode entry, String at, String name, String role) {
            List<String> ids = strings(entry.path(name));
            for (int k = 0; k < ids.size(); k++) {
                if (!ids.get(k).startsWith(role + ":")) {
                    throw new PolicyLoadException(file, at + "." + name + "[" + k + "]",
                            "organisation " + ids.get(k) + " is not a " + role);
                }
            }
            return ids;
        }

        private static String textOrNull(JsonNode n, String name) {
            JsonNode v = n.get(name);
            return v == null || v.isNull() ? null : v.asText();
        }

        static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                out.add(it.next().asText());
            }
            return List.copyOf(out);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedDecisionPoint" + Map.of("agreements", agreementIds(), "revision", revision);
    }
}
