package org.bridgeway.adapters.exclusion;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.ExclusionNotice.Fields;
import org.bridgeway.model.FieldViolation;

/**
 * Reads the exclusion XML a school's information system sends into exclusion notices. The domain notes give no
 * DfE XML shape for exclusions, so this shape is Bridgeway's reading, in the style of the Common Transfer File
 * (a header naming the source school, then pupils with their UPN, names and date of birth, each with its
 * exclusions; dates yyyy-mm-dd; codes as in the census):
 *
 * <pre>
 * ExclusionFile
 *  ├─ Header
 *  │   └─ SourceSchool: LEA, URN, [SchoolName]
 *  └─ ExclusionData
 *      └─ Pupil*: UPN, Surname, Forename, DOB, [LAChildID],
 *                 Exclusions
 *                  └─ Exclusion+: Category (PERM | SUSP | LNCH; FIXD read as SUSP), StartDate,
 *                                 [Sessions], [Days], Reasons
 *                                                      └─ Reason (1 to 3)
 * </pre>
 *
 * <p>Each {@code Exclusion} is one record and becomes one notice; its pupil's details are shared by the pupil's
 * records. Elements may come in any order within their parent; namespaces are ignored, names are matched
 * exactly. An element the shape does not have, a field given twice, or an element inside a field makes the record
 * invalid, so that nothing a school sent is silently dropped. A record with any problem is reported with every
 * problem found and left out; the other records go on.
 *
 * <p>The document as a whole is refused, and nothing from it used, when it is too large, not UTF-8, has a DOCTYPE,
 * is not well-formed, breaks a limit ({@link XmlLimits}), is not an {@code ExclusionFile}, or has no valid header:
 * a truncated or tampered document must not pass as a shorter valid one. The defences are in {@link XmlCursor}.
 *
 * <p>The shape is published as an XML Schema ({@code exclusion-file.xsd} beside this class) and enforced
 * ({@link ExclusionSchema}): a document, pupil or record the reader finds sound but the schema does not is refused
 * like any other, with the element, line and the schema's rule ({@code xml.schema}).
 *
 * <p>Pure: no I/O beyond the given input, no clock. Thread-safe.
 */
public final class ExclusionXmlReader {
    public static final String ROOT = "ExclusionFile";

    private static final Map<String, String> SCHOOL_FIELDS = Map.of(
            "LEA", Fields.SCHOOL_LOCAL_AUTHORITY,
            "URN", Fields.SCHOOL_URN,
            "SchoolName", Fields.SCHOOL_NAME);
    private static final Map<String, String> PUPIL_FIELDS = Map.of(
            "UPN", Fields.CHILD_UPN,
            "Surname", Fields.CHILD_FAMILY_NAME,
            "Forename", Fields.CHILD_GIVEN_NAME,
            "DOB", Fields.CHILD_DATE_OF_BIRTH,
            "LAChildID", Fields.CHILD_LOCAL_ID);
    private static final Map<String, String> EXCLUSION_FIELDS = Map.of(
            "Category", Fields.EXCLUSION_CATEGORY,
            "StartDate", Fields.EXCLUSION_START_DATE,
            "Sessions", Fields.EXCLUSION_SESSIONS,
            "Days", Fields.EXCLUSION_DAYS);
    /** Where each field is in the document, for messages. */
    private static final Map<String, String> PATHS = paths();
    /** The field each element holds, for the schema's violations. */
    private static final Map<String, String> FIELDS_BY_ELEMENT = fieldsByElement();

    private final XmlLimits limits;

    public ExclusionXmlReader() {
        this(XmlLimits.DEFAULT);
    }

    public ExclusionXmlReader(XmlLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Reads a document from a stream, taking at most one byte more than the size limit, so that an oversized
     * upload is refused without being held in memory.
     */
    public ExclusionXmlResult read(String document, InputStream in, Supplier<String> exchangeIds) throws IOException {
        return read(document, in.readNBytes(limits.maxBytes() + 1), exchangeIds);
    }

    /**
     * Reads one document.
     *
     * @param document    the document's name, used only in errors
     * @param content     the document's bytes (UTF-8)
     * @param exchangeIds gives the exchange id of each notice; called once per valid record, in document order
     */
    public ExclusionXmlResult read(String document, byte[] content, Supplier<String> exchangeIds) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(exchangeIds, "exchangeIds");
        Run run = new Run(document);
        try (XmlCursor cursor = XmlCursor.open(content, limits)) {
            run.document(cursor);
            cursor.finish();
        } catch (XmlRefusal refusal) {
            return run.refused(refusal);
        }
        // only a document the cursor let through (no DOCTYPE, within the limits, well-formed) meets the validator
        return run.result(exchangeIds, ExclusionSchema.check(content));
    }

    /** The reading of one document. */
    private final class Run {
        private final String document;
        private Part header;
        private boolean dataSeen;
        private final List<Part> documentProblems = new ArrayList<>();
        private final List<PupilRecords> pupils = new ArrayList<>();
        private int records;

        Run(String document) {
            this.document = document;
        }

        void document(XmlCursor cursor) throws XmlRefusal {
            if (!cursor.root().equals(ROOT)) {
                throw new XmlRefusal("xml.root", "not an exclusion file: the root element is not " + ROOT,
                        cursor.line());
            }
            Part root = new Part(cursor.line());
            documentProblems.add(root);
            for (String name; (name = cursor.nextChild(root, ROOT)) != null; ) {
                switch (name) {
                    case "Header" -> {
                        if (header != null) {
                            throw new XmlRefusal("xml.element.repeated", "the document has more than one Header",
                                    cursor.line());
                        }
                        header = new Part(cursor.line());
                        header(cursor);
                    }
                    case "ExclusionData" -> {
                        if (dataSeen) {
                            throw new XmlRefusal("xml.element.repeated", "the document has more than one"
                                    + " ExclusionData", cursor.line());
                        }
                        dataSeen = true;
                        data(cursor);
                    }
                    default -> unknown(cursor, root, ROOT, name);
                }
            }
            if (header == null) {
                throw new XmlRefusal("xml.header.missing", "the document has no Header naming the source school", 0);
            }
            if (!dataSeen) {
                throw new XmlRefusal("xml.data.missing", "the document has no ExclusionData", 0);
            }
        }

        private void header(XmlCursor cursor) throws XmlRefusal {
            boolean schoolSeen = false;
            for (String name; (name = cursor.nextChild(header, "Header")) != null; ) {
                if (name.equals("SourceSchool") && !schoolSeen) {
                    schoolSeen = true;
                    fields(cursor, header, "SourceSchool", SCHOOL_FIELDS);
                } else if (name.equals("SourceSchool")) {
                    repeated(cursor, header, "Header/SourceSchool", null);
                } else {
                    unknown(cursor, header, "Header", name);
                }
            }
        }

        private void data(XmlCursor cursor) throws XmlRefusal {
            Part data = new Part(cursor.line());
            documentProblems.add(data);
            for (String name; (name = cursor.nextChild(data, "ExclusionData")) != null; ) {
                if (name.equals("Pupil")) {
                    pupil(cursor);
                } else {
                    unknown(cursor, data, "ExclusionData", name);
                }
            }
        }

        private void pupil(XmlCursor cursor) throws XmlRefusal {
            PupilRecords p = new PupilRecords(new Part(cursor.line()));
            pupils.add(p);
            boolean exclusionsSeen = false;
            for (String name; (name = cursor.nextChild(p.pupil, "Pupil")) != null; ) {
                if (PUPIL_FIELDS.containsKey(name)) {
                    leaf(cursor, p.pupil, "Pupil/" + name, PUPIL_FIELDS.get(name));
                } else if (name.equals("Exclusions") && !exclusionsSeen) {
                    exclusionsSeen = true;
                    for (String e; (e = cursor.nextChild(p.pupil, "Exclusions")) != null; ) {
                        if (e.equals("Exclusion")) {
                            p.exclusions.add(exclusion(cursor));
                        } else {
                            unknown(cursor, p.pupil, "Exclusions", e);
                        }
                    }
                } else if (name.equals("Exclusions")) {
                    repeated(cursor, p.pupil, "Pupil/Exclusions", null);
                } else {
                    unknown(cursor, p.pupil, "Pupil", name);
                }
            }
        }

        private Part exclusion(XmlCursor cursor) throws XmlRefusal {
            Part e = new Part(cursor.line());
            e.record = ++records;
            for (String name; (name = cursor.nextChild(e, "Exclusion")) != null; ) {
                if (EXCLUSION_FIELDS.containsKey(name)) {
                    leaf(cursor, e, "Exclusion/" + name, EXCLUSION_FIELDS.get(name));
                } else if (name.equals("Reasons") && e.reasons == null) {
                    e.lines.put(Fields.EXCLUSION_REASONS, cursor.line());
                    e.reasons = new ArrayList<>();
                    for (String r; (r = cursor.nextChild(e, "Reasons")) != null; ) {
                        if (r.equals("Reason")) {
                            String code = cursor.text(e, "Reasons/Reason", Fields.EXCLUSION_REASONS);
                            e.reasons.add(code == null ? "" : code);
                        } else {
                            unknown(cursor, e, "Reasons", r);
                        }
                    }
                } else if (name.equals("Reasons")) {
                    repeated(cursor, e, "Exclusion/Reasons", Fields.EXCLUSION_REASONS);
                } else {
                    unknown(cursor, e, "Exclusion", name);
                }
            }
            return e;
        }

        private void fields(XmlCursor cursor, Part part, String container, Map<String, String> fields)
                throws XmlRefusal {
            for (String name; (name = cursor.nextChild(part, container)) != null; ) {
                if (fields.containsKey(name)) {
                    leaf(cursor, part, container + "/" + name, fields.get(name));
                } else {
                    unknown(cursor, part, container, name);
                }
            }
        }

        private void leaf(XmlCursor cursor, Part part, String path, String field) throws XmlRefusal {
            if (part.values.containsKey(field) || part.lines.containsKey(field)) {
                repeated(cursor, part, path, field);
                return;
            }
            part.lines.put(field, cursor.line());
            String text = cursor.text(part, path, field);
            if (text != null) {
                part.values.put(field, text);
            }
        }

        private void repeated(XmlCursor cursor, Part part, String path, String field) throws XmlRefusal {
            part.add(cursor.line(), field, "xml.element.repeated", path + " is given more than once");
            cursor.skip();
        }

        private void unknown(XmlCursor cursor, Part part, String container, String name) throws XmlRefusal {
            part.add(cursor.line(), null, "xml.element.unknown", container + " has no element "
                    + (name.matches("[A-Za-z_][A-Za-z0-9_.-]{0,39}") ? name : "of that name")
                    + "; the element was not read");
            cursor.skip();
        }

        // ------------------------------------------------------------ results

        ExclusionXmlResult refused(XmlRefusal refusal) {
            return new ExclusionXmlResult(List.of(), List.of(new ReadError(document, 0, refusal.line(), null,
                    refusal.rule(), refusal.getMessage())), records, true);
        }

        /**
         * The notices of the valid records and every error. The schema's violations count where the reader found
         * nothing wrong itself: a document, pupil or record the reader finds sound but the schema does not is
         * refused with the schema's violation; where the reader found something, its own errors say it more
         * precisely (by field and rule) and stand alone.
         */
        ExclusionXmlResult result(Supplier<String> exchangeIds, List<ExclusionSchema.Violation> schema) {
            List<ReadError> errors = new ArrayList<>();
            documentProblems.forEach(part -> report(errors, 0, part.problems));
            report(errors, 0, header.problems);
            for (FieldViolation v : ExclusionValidator.checkSchool(header.values)) {
                errors.add(error(0, v, header.lines, header.line));
            }
            if (errors.isEmpty()) {
                schema.stream().filter(v -> v.pupil() == 0).forEach(v -> errors.add(schemaError(0, v)));
            }
            if (!errors.isEmpty()) {
                return new ExclusionXmlResult(List.of(), errors, records, true);
            }
            List<ExclusionNotice> notices = new ArrayList<>();
            for (int i = 0; i < pupils.size(); i++) {
                PupilRecords p = pupils.get(i);
                int pupil = i + 1;
                if (p.exclusions.isEmpty()) {
                    errors.add(new ReadError(document, 0, p.pupil.line, null, "xml.pupil.no-exclusion",
                            "a Pupil has no Exclusion; each Pupil holds one or more"));
                }
                for (Part e : p.exclusions) {
                    List<ReadError> schemaErrors = schema.stream()
                            .filter(v -> v.pupil() == pupil && (v.record() == 0 || v.record() == e.record))
                            .map(v -> schemaError(e.record, v)).toList();
                    record(p.pupil, e, schemaErrors, exchangeIds, notices, errors);
                }
            }
            errors.sort(Comparator.comparingInt(ReadError::record).thenComparingInt(ReadError::line));
            return new ExclusionXmlResult(notices, errors, records, false);
        }

        private void record(Part pupil, Part e, List<ReadError> schemaErrors, Supplier<String> exchangeIds,
                            List<ExclusionNotice> notices, List<ReadError> errors) {
            Map<String, String> values = new LinkedHashMap<>(header.values);
            values.putAll(pupil.values);
            values.putAll(e.values);
            boolean structural = !pupil.problems.isEmpty() || !e.problems.isEmpty();
            boolean problems = structural || !schemaErrors.isEmpty();
            // a record with a structural problem gets no exchange id, even if its fields happen to be valid
            Supplier<String> ids = problems ? () -> "not-issued" : exchangeIds;
            ExclusionValidator.Outcome outcome = ExclusionValidator.validate(new ExclusionDraft(values, e.reasons), ids);
            report(errors, e.record, pupil.problems);
            report(errors, e.record, e.problems);
            if (outcome instanceof ExclusionValidator.Outcome.Invalid invalid) {
                Map<String, Integer> lines = new HashMap<>(header.lines);
                lines.putAll(pupil.lines);
                lines.putAll(e.lines);
                invalid.violations().forEach(v -> errors.add(error(e.record, v, lines,
                        v.field().startsWith("child.") ? pupil.line : e.line)));
            } else if (structural) {
                return;
            } else if (!schemaErrors.isEmpty()) {
                errors.addAll(schemaErrors);
            } else {
                notices.add(((ExclusionValidator.Outcome.Valid) outcome).notice());
            }
        }

        private ReadError schemaError(int record, ExclusionSchema.Violation v) {
            return new ReadError(document, record, v.line(), FIELDS_BY_ELEMENT.get(v.element()), v.rule(),
                    v.message());
        }

        private void report(List<ReadError> errors, int record, List<Problem> problems) {
            for (Problem p : problems) {
                errors.add(new ReadError(document, record, p.line(), p.field(), p.rule(), p.message()));
            }
        }

        private ReadError error(int record, FieldViolation v, Map<String, Integer> lines, int fallbackLine) {
            String path = PATHS.getOrDefault(v.field(), v.field());
            String message = v.rule().equals(ExclusionValidator.REQUIRED)
                    ? "required element " + path + " is missing" : path + ": " + v.message();
            return new ReadError(document, record, lines.getOrDefault(v.field(), fallbackLine), v.field(), v.rule(),
                    message);
        }
    }

    /** One element's worth of what was read: field values and lines, and the problems found in it. */
    private static final class Part implements XmlCursor.Problems {
        final int line;
        int record;
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, Integer> lines = new HashMap<>();
        final List<Problem> problems = new ArrayList<>();
        List<String> reasons;

        Part(int line) {
            this.line = line;
        }

        @Override
        public void add(int line, String field, String rule, String message) {
            problems.add(new Problem(line, field, rule, message));
        }
    }

    private record Problem(int line, String field, String rule, String message) {
    }

    /** A pupil and the records of its exclusions. */
    private record PupilRecords(Part pupil, List<Part> exclusions) {
        PupilRecords(Part pupil) {
            this(pupil, new ArrayList<>());
        }
    }

    private static Map<String, String> fieldsByElement() {
        Map<String, String> fields = new HashMap<>(SCHOOL_FIELDS);
        fields.putAll(PUPIL_FIELDS);
        fields.putAll(EXCLUSION_FIELDS);
        fields.put("Reasons", Fields.EXCLUSION_REASONS);
        fields.put("Reason", Fields.EXCLUSION_REASONS);
        return Map.copyOf(fields);
    }

    private static Map<String, String> paths() {
        Map<String, String> paths = new HashMap<>();
        SCHOOL_FIELDS.forEach((element, field) -> paths.put(field, "Header/SourceSchool/" + element));
        PUPIL_FIELDS.forEach((element, field) -> paths.put(field, "Pupil/" + element));
        EXCLUSION_FIELDS.forEach((element, field) -> paths.put(field, "Exclusion/" + element));
        paths.put(Fields.EXCLUSION_REASONS, "Exclusion/Reasons");
        return Map.copyOf(paths);
    }
}
