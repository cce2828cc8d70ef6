package org.bridgeway.adapters.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.adapters.exclusion.XmlDocs.UPN_1;
import static org.bridgeway.adapters.exclusion.XmlDocs.UPN_2;
import static org.bridgeway.adapters.exclusion.XmlDocs.document;
import static org.bridgeway.adapters.exclusion.XmlDocs.pupil;
import static org.bridgeway.adapters.exclusion.XmlDocs.suspension;
import static org.bridgeway.adapters.exclusion.XmlDocs.utf8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The exclusion file's XSD describes the real format and the reader enforces it: every sample a school sends meets
 * the schema wherever the reader accepts it; the schema's violations are placed by pupil, record, line and element
 * without repeating a value; no record the schema refuses is ever sent; and the validator reads nothing from
 * outside the document.
 */
class ExclusionXmlSchemaTest {
    private static final ExclusionXmlReader READER = new ExclusionXmlReader();

    @Test
    void theSamplesMeetTheSchemaWhereverTheReaderAcceptsThem() throws IOException {
        try (Stream<Path> samples = Files.list(ExclusionGolden.SAMPLES)) {
            List<Path> xml = samples.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
            assertThat(xml).isNotEmpty();
            for (Path sample : xml) {
                byte[] content = Files.readAllBytes(sample);
                ExclusionXmlResult read = read(content);
                assertThat(read.refused()).as(sample.toString()).isFalse();
                List<ExclusionSchema.Violation> violations = ExclusionSchema.check(content);
                assertThat(violations).as(sample + ": the document's frame").allMatch(v -> v.pupil() > 0);
                Set<Integer> refusedByReader = read.errors().stream().map(ReadError::record)
                        .collect(Collectors.toSet());
                assertThat(violations).as(sample + ": only records the reader refuses itself")
                        .allMatch(v -> v.record() == 0 || refusedByReader.contains(v.record()));
                assertThat(read.notices()).hasSize(read.records() - refusedByReader.size());
            }
        }
        assertThat(ExclusionSchema.check(utf8(XmlDocs.valid()))).isEmpty();
    }

    @Test
    void aViolationIsPlacedByPupilRecordLineAndElementWithoutItsValue() {
        String xml = document(
                pupil(UPN_1, "<Nickname>Alfie-T</Nickname>\n", suspension()),
                pupil(UPN_2, "", suspension(), suspension().replace("<Sessions>2</Sessions>",
                        "<Sessions>two sessions</Sessions>")));
        List<ExclusionSchema.Violation> violations = ExclusionSchema.check(utf8(xml));
        assertThat(violations).extracting(ExclusionSchema.Violation::pupil, ExclusionSchema.Violation::record,
                ExclusionSchema.Violation::element, ExclusionSchema.Violation::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, 0, "Nickname", ExclusionSchema.RULE),
                org.assertj.core.groups.Tuple.tuple(2, 3, "Sessions", ExclusionSchema.RULE));
        assertThat(violations.get(0).message()).startsWith("Pupil/Nickname: ").contains("cvc-complex-type");
        assertThat(violations.get(1).message()).startsWith("Exclusion/Sessions: ").doesNotContain("two sessions");
        assertThat(violations.get(0).line()).isEqualTo(lineOf(xml, "<Nickname>"));
        assertThat(violations.get(1).line()).isEqualTo(lineOf(xml, "two sessions"));

        ExclusionXmlResult read = read(utf8(xml));
        assertThat(read.notices()).as("only the second pupil's first record is sound").hasSize(1);
        assertThat(read.errors()).extracting(ReadError::record).containsOnly(1, 3);
    }

    @Test
    void namespacesAttributesAndAnyOrderMeetTheSchemaAsTheReaderReadsThem() {
        String xml = "<x:ExclusionFile xmlns:x=\"urn:example\" x:version=\"2\"><x:ExclusionData>"
                + pupil(UPN_1, "", suspension()).replace("<Pupil>", "<Pupil id=\"p1\">")
                + "</x:ExclusionData>" + XmlDocs.HEADER + "</x:ExclusionFile>";
        assertThat(ExclusionSchema.check(utf8(xml))).isEmpty();
        assertThat(read(utf8(xml)).notices()).hasSize(1);
    }

    @Test
    void theValidatorFetchesNothingAndExpandsNoEntity() {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE ExclusionFile SYSTEM \"http://127.0.0.1:9/exclusions.dtd\" "
                + "[<!ENTITY name SYSTEM \"file:///etc/hostname\">]>\n"
                + document(pupil(UPN_1, "", suspension())).replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "")
                .replace("Testbrook", "&name;");
        List<ExclusionSchema.Violation> violations = ExclusionSchema.check(utf8(xml));
        assertThat(violations).singleElement().satisfies(v -> assertThat(v.pupil()).isZero());
        assertThat(read(utf8(xml)).refused()).as("and the reader refuses it before the validator").isTrue();
    }

    private static ExclusionXmlResult read(byte[] content) {
        AtomicInteger ids = new AtomicInteger();
        return READER.read("upload.xml", content, () -> "EX-" + ids.incrementAndGet());
    }

    private static int lineOf(String xml, String text) {
        String[] lines = xml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in the document");
    }
}
