package org.bridgeway.console;

import static org.bridgeway.console.FormDocuments.given;
import static org.bridgeway.console.FormDocuments.putIfGiven;
import static org.bridgeway.console.FormDocuments.putYesNo;
import static org.bridgeway.console.FormDocuments.sentence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.model.Notice;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.pipeline.Dispatch;

/**
 * A council without a case-management system that speaks the gateway's API notifies the placement of a child it looks
 * after. The form becomes the JSON document {@code POST /api/v1/placements} takes, is validated by the same intake
 * (its schema, then the notice's rules: the NHS number's check digit, the UPN's check letter, the postcode's district
 * and known authorities) and sent down the same pipeline, so each error a social worker sees is the API's, shown
 * beside the field it names, and nothing is sent until every field is right. The placing authority is the signed-in
 * person's own; the form cannot name another. It notifies a placement's start: a change or end of a placement is
 * still told by the council's system through the API.
 */
public final class PlacementForm {
    /** The risk codes a child may have, each a checkbox named "risks.CODE", in the schema's order. */
    static final List<Map<String, String>> RISKS = codes(
            "CSE", "At risk of, or a victim of, child sexual exploitation",
            "CCE", "At risk of, or a victim of, child criminal exploitation",
            "MISSING_HISTORY", "Has gone missing before",
            "GANG", "Involved with a gang",
            "TRAFFICKED", "Trafficked",
            "UASC", "Unaccompanied asylum-seeking child",
            "CSE_PERPETRATOR", "Has sexually exploited others");

    /** The form's fields, in the order they are asked, named as the document's fields are. */
    static final List<String> FIELDS = Stream.concat(Stream.of("child.localId", "child.givenName",
            "child.familyName", "child.dateOfBirth", "child.sex", "child.nhsNumber", "child.upn", "child.ethnicity",
            "child.homePostcode", "placement.startDate", "placement.emergency", "placement.reasonForNewEpisode",
            "placement.legalStatus", "placement.categoryOfNeed", "placement.type", "placement.provider",
            "placement.providerUrn", "placement.reasonForChange", "placement.postcode", "placement.localAuthority",
            "highRiskOfExploitation"), RISKS.stream().map(r -> "risks." + r.get("code"))).toList();

    /** SSDA903 ETHNIC (rule 103), in the DfE's words. */
    static final List<Map<String, String>> ETHNICITIES = codes(
            "WBRI", "White British", "WIRI", "White Irish", "WOTH", "Any other White background",
            "WIRT", "Traveller of Irish heritage", "WROM", "Gypsy or Roma",
            "MWBC", "White and Black Caribbean", "MWBA", "White and Black African", "MWAS", "White and Asian",
            "MOTH", "Any other mixed background", "AIND", "Indian", "APKN", "Pakistani", "ABAN", "Bangladeshi",
            "AOTH", "Any other Asian background", "BCRB", "Black Caribbean", "BAFR", "Black African",
            "BOTH", "Any other Black background", "CHNE", "Chinese", "OOTH", "Any other ethnic group",
            "REFU", "Refused", "NOBT", "Information not yet obtained");
    /** SSDA903 RNE (rule 143), less L (a change of legal status only is no placement). */
    static final List<Map<String, String>> REASONS_FOR_NEW_EPISODE = codes(
            "S", "Started to be looked after", "P", "Change of placement and carer only",
            "T", "Change of placement, same carer", "B", "Change of legal status, placement and carer",
            "U", "Change of legal status and placement, same carer");
    /** SSDA903 LS (rule 144). */
    static final List<Map<String, String>> LEGAL_STATUSES = codes(
            "C1", "Interim care order", "C2", "Full care order", "D1", "Freeing order", "E1", "Placement order",
            "V2", "Single period of accommodation under section 20",
            "V3", "Series of short breaks (each episode recorded)", "V4", "Series of short breaks (agreements)",
            "L1", "Police protection, in local authority accommodation", "L2", "Emergency protection order",
            "L3", "Child assessment order, in local authority accommodation",
            "J1", "Remanded to local authority or youth detention accommodation",
            "J2", "In local authority accommodation under PACE",
            "J3", "Youth rehabilitation order with a residence or intensive fostering requirement");
    /** SSDA903 CIN, N1 to N8. */
    static final List<Map<String, String>> CATEGORIES_OF_NEED = codes(
            "N1", "Abuse or neglect", "N2", "Child's disability", "N3", "Parental illness or disability",
            "N4", "Family in acute stress", "N5", "Family dysfunction", "N6", "Socially unacceptable behaviour",
            "N7", "Low income", "N8", "Absent parenting");
    /**
     * SSDA903 PLACE, every code the schema's pattern admits. The DfE has not published words for Z11 to Z14 (the
     * 2025-26 return's codes) that we could confirm, so they are named as that return's codes only.
     */
    static final List<Map<String, String>> PLACEMENT_TYPES = codes(
            "A3", "Placed for adoption with consent, with current foster carer",
            "A4", "Placed for adoption with consent, not with current foster carer",
            "A5", "Placed for adoption with a placement order, with current foster carer",
            "A6", "Placed for adoption with a placement order, not with current foster carer",
            "H5", "Semi-independent living not subject to children's homes regulations",
            "K1", "Secure children's home", "K2", "Children's home subject to the Children's Homes Regulations",
            "K3", "Registered supported accommodation",
            "P1", "Placed with parents or others with parental responsibility",
            "P2", "Independent living (flat, lodgings, bed and breakfast, friends)", "P3", "Residential employment",
            "R1", "Residential care home", "R2", "NHS or health trust establishment providing medical or nursing care",
            "R3", "Family centre or mother and baby unit", "R5", "Young offender institution or prison",
            "S1", "Residential school", "T0", "Temporary move", "T1", "Temporary move to hospital",
            "T2", "Temporary move on holiday", "T3", "Temporary move while the carer is on holiday",
            "T4", "Temporary move of 7 days or less, other",
            "U1", "Foster placement with relative or friend, long term",
            "U2", "Foster placement with relative or friend, fostering for adoption or concurrent planning",
            "U3", "Foster placement with relative or friend, other",
            "U4", "Foster placement with other foster carer, long term",
            "U5", "Foster placement with other foster carer, fostering for adoption or concurrent planning",
            "U6", "Foster placement with other foster carer, other", "Z1", "Other placement",
            "Z11", "A code of the 2025-26 return", "Z12", "A code of the 2025-26 return",
            "Z13", "A code of the 2025-26 return", "Z14", "A code of the 2025-26 return");
    /** SSDA903 PLACE_PROVIDER. */
    static final List<Map<String, String>> PROVIDERS = codes(
            "PR0", "Parents or others with parental responsibility", "PR1", "Your own authority's provision",
            "PR2", "Another local authority", "PR3", "Another public provider (such as the NHS)",
            "PR4", "Private provider", "PR5", "Voluntary or third sector provider");
    /** SSDA903 REASON_PLACE_CHANGE (rule 1009). */
    static final List<Map<String, String>> REASONS_FOR_CHANGE = codes(
            "CARPL", "Change to, or carrying out of, the care plan", "CLOSE", "The provision resigned or closed",
            "ALLEG", "Allegation (section 47)", "STAND", "Concerns about the standard of care",
            "APPRR", "Approval removed", "CREQB", "The carer asked for it to end because of the child's behaviour",
            "CREQO", "The carer asked for it to end for another reason", "CHILD", "The child asked for it to end",
            "LAREQ", "The responsible or area authority asked for it to end",
            "PLACE", "Change in the placement's status only", "CUSTOD", "Custody arrangement", "OTHER", "Other");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The characters the schema allows in a source reference; any other becomes a dash. */
    private static final String NOT_IN_REFERENCE = "[^A-Za-z0-9._-]";

    private final Function<byte[], JsonIntakeResult> intake;
    private final Function<Notice, Dispatch> pipeline;

    /**
     * @param intake   the placement API's reader of a JSON document ({@code PlacementJsonIntake::parse})
     * @param pipeline sends the notice it made down the notice pipeline
     */
    public PlacementForm(Function<byte[], JsonIntakeResult> intake, Function<Notice, Dispatch> pipeline) {
        this.intake = intake;
        this.pipeline = pipeline;
    }

    /** A field's error, by the form field it belongs to. */
    public record FieldError(String field, String message) {
        /** The id of the form's input: "child.nhsNumber" → "child-nhsNumber"; for a choice, its first choice. */
        public String id() {
            return switch (field) {
                case "child.sex" -> "child-sex-female";
                case "placement.emergency" -> "placement-emergency-yes";
                case "highRiskOfExploitation" -> "highRiskOfExploitation-yes";
                case "risks" -> "risks-" + RISKS.get(0).get("code");
                default -> field.replace('.', '-');
            };
        }
    }

    /** Sent (the exchange id), or refused with each field's errors. */
    public sealed interface Result {
        record Sent(String exchangeId, boolean duplicate) implements Result {
        }

        record Invalid(List<FieldError> errors) implements Result {
        }
    }

    /** Reads the form as the API reads its document, and sends it if it is right; only a council's person may. */
    public Result send(ConsolePerson person, Map<String, String> form) {
        if (person.organisation().type() != OrganisationType.LOCAL_AUTHORITY) {
            // the console refuses them the page; this is the form's own guard, not a message for anyone
            throw new IllegalArgumentException("only a local authority places the children it looks after");
        }
        ObjectNode document = FormDocuments.document();
        document.put("placingAuthority", person.organisation().code());
        document.put("sourceReference", sourceReference(form));
        ObjectNode child = document.putObject("child");
        for (String field : List.of("localId", "givenName", "familyName", "dateOfBirth", "sex", "upn", "ethnicity",
                "homePostcode")) {
            putIfGiven(child, field, form.get("child." + field));
        }
        // NHS numbers are written in groups of 3, 3 and 4; the API takes the ten digits alone
        String nhsNumber = given(form.get("child.nhsNumber"));
        if (nhsNumber != null) {
            child.put("nhsNumber", nhsNumber.replaceAll("[\\s-]", ""));
        }
        ObjectNode placement = document.putObject("placement");
        for (String field : List.of("startDate", "reasonForNewEpisode", "legalStatus", "categoryOfNeed", "type",
                "provider", "postcode", "localAuthority", "providerUrn", "reasonForChange")) {
            putIfGiven(placement, field, form.get("placement." + field));
        }
        putYesNo(placement, "emergency", form.get("placement.emergency"));
        putYesNo(document, "highRiskOfExploitation", form.get("highRiskOfExploitation"));
        ArrayNode risks = FormDocuments.document().arrayNode();
        RISKS.forEach(r -> {
            if (given(form.get("risks." + r.get("code"))) != null) {
                risks.add(r.get("code"));
            }
        });
        if (!risks.isEmpty()) {
            document.set("risks", risks);
        }
        JsonIntakeResult result = intake.apply(FormDocuments.bytes(document));
        if (result instanceof JsonIntakeResult.Refused refused) {
            Map<String, FieldError> byField = new LinkedHashMap<>();
            refused.violations().forEach(v -> byField.putIfAbsent(formField(v.field()),
                    new FieldError(formField(v.field()), sentence(inFormWords(v.message())))));
            // in the order the form asks, so the summary reads down the page
            return new Result.Invalid(byField.values().stream()
                    .sorted(java.util.Comparator.comparingInt(e -> order(e.field()))).toList());
        }
        Notice notice = ((JsonIntakeResult.Accepted) result).notice();
        if (!notice.sender().equals(person.organisation())) {
            throw new IllegalStateException("a placement from the console is sent by the person's own authority");
        }
        Dispatch dispatch = pipeline.apply(notice);
        return new Result.Sent(dispatch.exchangeId(), dispatch.duplicate());
    }

    /**
     * The council's reference for the placement, which the API asks of a case-management system: here the child's id
     * and the start date, so the same placement sent twice is recognised as one and not delivered again. Characters
     * the reference may not hold are replaced; the id and the date are each checked as themselves.
     */
    static String sourceReference(Map<String, String> form) {
        String localId = java.util.Objects.toString(given(form.get("child.localId")), "");
        String start = java.util.Objects.toString(given(form.get("placement.startDate")), "");
        String reference = "console:" + localId.replaceAll(NOT_IN_REFERENCE, "-") + ":"
                + start.replaceAll(NOT_IN_REFERENCE, "-");
        return reference.length() > 100 ? reference.substring(0, 100) : reference;
    }

    /**
     * The form field a document field's error belongs to. An error of the whole risk list, or of one of its items,
     * goes to the risks; of the source reference (made from the child's id and start date) to the child's id; of
     * the placing authority (the person's own) or of the document as a whole, to the first field.
     */
    static String formField(String documentField) {
        if (documentField == null || documentField.isBlank() || "$".equals(documentField)) {
            return FIELDS.get(0);
        }
        String field = documentField.startsWith("/") ? documentField.substring(1).replace('/', '.') : documentField;
        if (field.startsWith("risks")) {
            return "risks";
        }
        if (FIELDS.contains(field)) {
            return field;
        }
        return FIELDS.stream().filter(f -> field.startsWith(f + ".") || field.startsWith(f + "["))
                .findFirst().orElse(field.startsWith("placement") ? "placement.startDate" : FIELDS.get(0));
    }

    /** The intake names the host authority's field as the document does; the form asks for it in words. */
    private static String inFormWords(String message) {
        return message == null ? "" : message.replace("give placement.localAuthority",
                "give the host authority's DfE number");
    }

    private static int order(String field) {
        int at = FIELDS.indexOf("risks".equals(field) ? "risks." + RISKS.get(0).get("code") : field);
        return at < 0 ? FIELDS.size() : at;
    }

    /** The template's model of the form: its sections' fields, with what was typed and each field's error. */
    static Map<String, Object> model(Map<String, String> form, Map<String, String> errorOf) {
        Map<String, Object> model = new HashMap<>();
        model.put("childIdentity", List.of(
                FormFields.input("child.localId", "The child's id in your records", null, "text",
                        "govuk-input--width-20", form, errorOf),
                FormFields.input("child.givenName", "Given name (optional)", null, "text",
                        "govuk-!-width-two-thirds", form, errorOf),
                FormFields.input("child.familyName", "Family name (optional)", null, "text",
                        "govuk-!-width-two-thirds", form, errorOf),
                FormFields.input("child.dateOfBirth", "Date of birth", null, "date", "govuk-input--width-10", form,
                        errorOf)));
        Map<String, Object> sex = choice("child.sex", "Sex", form, errorOf);
        sex.put("options", List.of(option("child.sex", "female", "Female", form),
                option("child.sex", "male", "Male", form)));
        model.put("sex", sex);
        model.put("childRecords", List.of(
                FormFields.input("child.nhsNumber", "NHS number (optional)", "10 digits, like 999 000 0018",
                        "text", "govuk-input--width-10", form, errorOf),
                FormFields.input("child.upn", "Unique pupil number (optional)",
                        "A letter and 12 digits or letters, or UN1 to UN5 when there is none", "text",
                        "govuk-input--width-20", form, errorOf)));
        model.put("childCodes", List.of(select("child.ethnicity", "Ethnicity (optional)", "Not given", ETHNICITIES,
                form, errorOf)));
        model.put("childHome", List.of(FormFields.input("child.homePostcode", "The child's home postcode (optional)",
                null, "text", "govuk-input--width-10", form, errorOf)));
        model.put("placementStart", List.of(FormFields.input("placement.startDate", "The placement's first day",
                null, "date", "govuk-input--width-10", form, errorOf)));
        model.put("emergency", FormFields.yesNo("placement.emergency", "Is it an emergency placement? (optional)",
                "An emergency placement may be notified within 5 working days of its start; any other is notified"
                        + " before it starts. No answer is taken as no.", form, errorOf));
        model.put("placementCodes", List.of(
                select("placement.reasonForNewEpisode", "Reason for the new episode", "Choose a reason",
                        REASONS_FOR_NEW_EPISODE, form, errorOf),
                select("placement.legalStatus", "Legal status", "Choose the legal status", LEGAL_STATUSES, form,
                        errorOf),
                select("placement.categoryOfNeed", "Category of need (optional)", "Not given", CATEGORIES_OF_NEED,
                        form, errorOf),
                select("placement.type", "Type of placement", "Choose the type", PLACEMENT_TYPES, form, errorOf),
                select("placement.provider", "Provider (optional)", "Not given", PROVIDERS, form, errorOf)));
        model.put("placementProvider", List.of(FormFields.input("placement.providerUrn",
                "The provider's Ofsted URN (optional)", "SC and 6 or 7 digits, or XXXXXXX for a provider Ofsted"
                        + " does not inspect", "text", "govuk-input--width-10", form, errorOf)));
        model.put("placementChange", List.of(select("placement.reasonForChange",
                "Reason for the change of placement (optional)", "Not given", REASONS_FOR_CHANGE, form, errorOf)));
        model.put("where", List.of(
                FormFields.input("placement.postcode", "The placement's postcode",
                        "The gateway finds the host authority from it", "text", "govuk-input--width-10", form,
                        errorOf),
                FormFields.input("placement.localAuthority", "The host authority's DfE number (optional)",
                        "Only when the postcode's district spans two authorities: three digits, like 352 for"
                                + " Manchester", "text", "govuk-input--width-3", form, errorOf)));
        model.put("highRisk", FormFields.yesNo("highRiskOfExploitation",
                "Do you judge the child at high risk of criminal or sexual exploitation? (optional)",
                "The host police force is then told, as it is of any risk below. No answer is taken as no.", form,
                errorOf));
        Map<String, Object> risks = choice("risks", "Why the host police force must be told (optional)", form,
                errorOf);
        risks.put("hint", "Choose every one that applies.");
        risks.put("options", RISKS.stream().map(r -> {
            Map<String, Object> box = new HashMap<>();
            box.put("id", "risks-" + r.get("code"));
            box.put("name", "risks." + r.get("code"));
            box.put("value", r.get("code"));
            box.put("text", r.get("text"));
            box.put("checked", r.get("code").equals(form.get("risks." + r.get("code"))));
            return box;
        }).toList());
        model.put("risks", risks);
        return model;
    }

    private static Map<String, Object> choice(String name, String legend, Map<String, String> form,
                                              Map<String, String> errorOf) {
        Map<String, Object> choice = new HashMap<>();
        choice.put("id", name.replace('.', '-'));
        choice.put("legend", legend);
        if (errorOf.containsKey(name)) {
            choice.put("error", errorOf.get(name));
        }
        return choice;
    }

    private static Map<String, Object> option(String name, String value, String text, Map<String, String> form) {
        return Map.of("id", name.replace('.', '-') + "-" + value, "name", name, "value", value, "text", text,
                "checked", value.equals(form.get(name)));
    }

    /** A select of a code list, each code shown with its words, the one chosen kept. */
    private static Map<String, Object> select(String name, String label, String empty,
                                              List<Map<String, String>> codes, Map<String, String> form,
                                              Map<String, String> errorOf) {
        Map<String, Object> select = new HashMap<>();
        select.put("id", name.replace('.', '-'));
        select.put("name", name);
        select.put("label", label);
        select.put("empty", empty);
        List<Map<String, Object>> options = new ArrayList<>();
        for (Map<String, String> code : codes) {
            options.add(Map.of("code", code.get("code"), "text", code.get("code") + ": " + code.get("text"),
                    "selected", code.get("code").equals(form.get(name))));
        }
        select.put("options", options);
        if (errorOf.containsKey(name)) {
            select.put("error", errorOf.get(name));
        }
        return select;
    }

    private static List<Map<String, String>> codes(String... codesAndWords) {
        List<Map<String, String>> codes = new ArrayList<>();
        for (int i = 0; i < codesAndWords.length; i += 2) {
            codes.add(Map.of("code", codesAndWords[i], "text", codesAndWords[i + 1]));
        }
        return List.copyOf(codes);
    }
}
