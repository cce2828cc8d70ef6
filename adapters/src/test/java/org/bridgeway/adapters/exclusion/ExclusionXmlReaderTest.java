package org.bridgeway.adapters.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.bridgeway.adapters.exclusion.XmlDocs.UPN_1;
import static org.bridgeway.adapters.exclusion.XmlDocs.UPN_2;
import static org.bridgeway.adapters.exclusion.XmlDocs.document;
import static org.bridgeway.adapters.exclusion.XmlDocs.pupil;
import static org.bridgeway.adapters.exclusion.XmlDocs.suspension;
import static org.bridgeway.adapters.exclusion.XmlDocs.utf8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.ExclusionNotice.Fields;
import org.bridgeway.model.FreeText;
import org.bridgeway.model.TestUpns;
import org.junit.jupiter.api.Test;

class ExclusionXmlReaderTest {
    private final ExclusionXmlReader reader = new ExclusionXmlReader();

    private ExclusionXmlResult read(String xml) {
        return reader.read("test.xml", utf8(xml), ExclusionGolden.exchangeIds());
    }

    @Test
    void aValidDocumentGivesItsNotices() {
        ExclusionXmlResult result = read(XmlDocs.valid());
        assertThat(result.refused()).isFalse();
        assertThat(result.errors()).isEmpty();
        assertThat(result.records()).isEqualTo(1);
        ExclusionNotice notice = result.notices().get(0);
        assertThat(notice.exchangeId()).isEqualTo("ex-0001");
        assertThat(notice.sender().id()).isEqualTo("school:113456");
        assertThat(notice.fields()).containsEntry(Fields.CHILD_UPN, UPN_1).containsEntry(Fields.EXCLUSION_REASONS, "VP")
                .containsEntry(Fields.EXCLUSION_SESSIONS, "2").doesNotContainKey(Fields.SCHOOL_NAME);
        assertThat(notice.idempotencyKey()).matches("exclusion:[0-9a-f]{64}");
    }

    @Test
    void badRecordsAreReportedAndTheGoodOnesKeptWithConsecutiveExchangeIds() {
        String bad = pupil(TestUpns.withWrongCheckLetter("878400119002"), "", suspension());
        ExclusionXmlResult result = read(document(pupil(UPN_1, "", suspension()), bad, pupil(UPN_2, "", suspension())));
        assertThat(result.records()).isEqualTo(3);
        assertThat(result.notices()).extracting(ExclusionNotice::exchangeId).containsExactly("ex-0001", "ex-0002");
        assertThat(result.notices()).extracting(n -> n.child().upn().value()).containsExactly(UPN_1, UPN_2);
        assertThat(result.errors()).extracting(ReadError::document, ReadError::record, ReadError::field, ReadError::rule)
                .containsExactly(tuple("test.xml", 2, Fields.CHILD_UPN, "upn.check-letter"));
    }

    @Test
    void aNameWithAnOverrideOrC1ControlIsRefusedByItsFieldAndTheOtherRecordsGoOn() {
        // XML 1.0 itself forbids most C0 controls; C1 controls and bidirectional overrides are legal XML
        String overridden = pupil(UPN_2, "", suspension()).replace("Testbrook", "Test\u202Ebrook");
        String c1 = pupil(UPN_2, "", suspension()).replace("Alfie", "Al&#x85;fie");
        String welsh = pupil(UPN_1, "", suspension()).replace("Alfie", "Gwenllïan Ŵyn");
        ExclusionXmlResult result = read(document(welsh, overridden, c1));
        assertThat(result.notices()).extracting(n -> n.child().givenName()).containsExactly("Gwenllïan Ŵyn");
        assertThat(result.errors()).extracting(ReadError::record, ReadError::field, ReadError::rule)
                .containsExactly(tuple(2, Fields.CHILD_FAMILY_NAME, FreeText.BIDI_CONTROL),
                        tuple(3, Fields.CHILD_GIVEN_NAME, FreeText.CONTROL_CHARACTER));
    }

    @Test
    void errorsGiveTheLineOfTheElement() {
        String xml = document(pupil(UPN_1, "", suspension()), pupil(UPN_2, "", suspension().replace(
                "<StartDate>2025-10-20</StartDate>", "<StartDate>20/10/2025</StartDate>")));
        ReadError error = read(xml).errors().get(0);
        String[] lines = xml.split("\n");
        assertThat(lines[error.line() - 1]).contains("<StartDate>20/10/2025");
        assertThat(error.rule()).isEqualTo("date.format");
        assertThat(error.message()).startsWith("Exclusion/StartDate");
    }

    @Test
    void everyProblemOfARecordIsListed() {
        String exclusion = "<Exclusion><Category>PERM</Category><Sessions>x</Sessions><Days>2</Days>"
                + "<Reasons><Reason>PA</Reason><Reason>PA</Reason><Reason>VA</Reason><Reason>DR</Reason></Reasons>"
                + "</Exclusion>";
        ExclusionXmlResult result = read(document(pupil("UN2", "<LAChildID>has space</LAChildID>\n", exclusion)));
        assertThat(result.notices()).isEmpty();
        assertThat(result.errors()).extracting(ReadError::field, ReadError::rule).containsExactly(
                tuple(Fields.CHILD_UPN, ExclusionNotice.Rules.UPN_PLACEHOLDER),
                tuple(Fields.CHILD_LOCAL_ID, ExclusionNotice.Rules.LOCAL_ID_FORMAT),
                tuple(Fields.EXCLUSION_REASONS, ExclusionNotice.Rules.REASONS_COUNT),
                tuple(Fields.EXCLUSION_REASONS, ExclusionNotice.Rules.REASONS_DUPLICATE),
                tuple(Fields.EXCLUSION_START_DATE, ExclusionValidator.REQUIRED),
                tuple(Fields.EXCLUSION_SESSIONS, ExclusionValidator.WHOLE_NUMBER));
    }

    @Test
    void aSuspensionWithoutSessionsAndAnExclusionWithoutReasons() {
        String noSessions = "<Exclusion><Category>SUSP</Category><StartDate>2025-10-20</StartDate>"
                + "<Reasons><Reason>VP</Reason></Reasons></Exclusion>";
        String noReasons = "<Exclusion><Category>LNCH</Category><StartDate>2025-10-20</StartDate></Exclusion>";
        assertThat(read(document(pupil(UPN_1, "", noSessions, noReasons))).errors())
                .extracting(ReadError::record, ReadError::field, ReadError::rule).containsExactly(
                        tuple(1, Fields.EXCLUSION_SESSIONS, ExclusionNotice.Rules.SESSIONS_REQUIRED),
                        tuple(2, Fields.EXCLUSION_REASONS, ExclusionValidator.REQUIRED));
    }

    @Test
    void anUnknownCategoryOrHalfDayAndAStartBeforeBirth() {
        String exclusion = suspension().replace("SUSP", "EXPL").replace("2025-10-20", "2009-01-05")
                + suspension("<Days>1.25</Days>").replace("<Exclusion>", "<Exclusion>\n");
        assertThat(read(document(pupil(UPN_1, "", exclusion))).errors())
                .extracting(ReadError::record, ReadError::field, ReadError::rule).containsExactly(
                        tuple(1, Fields.EXCLUSION_CATEGORY, "exclusion-category.code"),
                        tuple(1, Fields.EXCLUSION_START_DATE, ExclusionNotice.Rules.START_BEFORE_BIRTH),
                        tuple(2, Fields.EXCLUSION_DAYS, ExclusionNotice.Rules.DAYS_RANGE));
    }

    @Test
    void aPupilProblemMakesEachOfItsRecordsInvalid() {
        ExclusionXmlResult result = read(document(pupil(UPN_1, "<UPN>" + UPN_2 + "</UPN>\n", suspension(),
                suspension())));
        assertThat(result.notices()).isEmpty();
        assertThat(result.errors()).extracting(ReadError::record, ReadError::field, ReadError::rule).containsExactly(
                tuple(1, Fields.CHILD_UPN, "xml.element.repeated"), tuple(2, Fields.CHILD_UPN, "xml.element.repeated"));
    }

    @Test
    void anUnknownElementIsReportedNotIgnored() {
        ExclusionXmlResult result = read(document(pupil(UPN_1, "", suspension("<Comment>x</Comment>")),
                pupil(UPN_2, "", suspension())));
        assertThat(result.notices()).hasSize(1);
        assertThat(result.errors()).extracting(ReadError::record, ReadError::rule)
                .containsExactly(tuple(1, "xml.element.unknown"));
        assertThat(result.errors().get(0).message()).contains("Exclusion has no element Comment");
    }

    @Test
    void aFieldHoldsTextOnlyAndStrayTextIsReported() {
        ExclusionXmlResult nested = read(document(pupil(UPN_1, "", suspension().replace(
                "<Sessions>2</Sessions>", "<Sessions><Value>2</Value></Sessions>"))));
        assertThat(nested.errors()).extracting(ReadError::field, ReadError::rule)
                .contains(tuple(Fields.EXCLUSION_SESSIONS, "xml.element.not-text"));
        assertThat(nested.notices()).isEmpty();

        ExclusionXmlResult stray = read(document(pupil(UPN_1, "loose text\n", suspension())));
        assertThat(stray.errors()).extracting(ReadError::rule).containsExactly("xml.text.stray");
        assertThat(stray.notices()).isEmpty();
    }

    @Test
    void aPupilWithoutAnExclusionIsReported() {
        ExclusionXmlResult result = read(document(pupil(UPN_1, ""), pupil(UPN_2, "", suspension())));
        assertThat(result.notices()).hasSize(1);
        assertThat(result.errors()).extracting(ReadError::record, ReadError::rule)
                .containsExactly(tuple(0, "xml.pupil.no-exclusion"));
    }

    @Test
    void namespacesCdataAndAnyOrderAreRead() {
        String xml = "<x:ExclusionFile xmlns:x=\"urn:example\"><x:ExclusionData>"
                + pupil(UPN_1, "", suspension()).replace("<Surname>Testbrook", "<Surname><![CDATA[O'Test & Co]]>")
                + "</x:ExclusionData>" + XmlDocs.HEADER + "</x:ExclusionFile>";
        ExclusionXmlResult result = read(xml);
        assertThat(result.errors()).isEmpty();
        assertThat(result.notices().get(0).child().familyName()).isEqualTo("O'Test & Co");
    }

    @Test
    void aByteOrderMarkIsAccepted() {
        byte[] xml = utf8("\uFEFF" + XmlDocs.valid());
        assertThat(reader.read("bom.xml", xml, ExclusionGolden.exchangeIds()).notices()).hasSize(1);
    }

    @Test
    void anEmptyExclusionDataIsNoError() {
        ExclusionXmlResult result = read(document());
        assertThat(result.refused()).isFalse();
        assertThat(result.notices()).isEmpty();
        assertThat(result.errors()).isEmpty();
    }

    // ------------------------------------------------------------ the document as a whole

    @Test
    void aBadHeaderRefusesTheWholeDocument() {
        String xml = XmlDocs.valid().replace("<URN>113456</URN>", "<URN>11345</URN>").replace("<LEA>878</LEA>",
                "<LEA>999</LEA>");
        ExclusionXmlResult result = read(xml);
        assertThat(result.refused()).isTrue();
        assertThat(result.notices()).isEmpty();
        assertThat(result.errors()).extracting(ReadError::record, ReadError::field, ReadError::rule).containsExactly(
                tuple(0, Fields.SCHOOL_URN, "school-urn.format"),
                tuple(0, Fields.SCHOOL_LOCAL_AUTHORITY, "la-code.range"));
    }

    @Test
    void aDocumentWithoutHeaderOrDataOrWithAnotherRootIsRefused() {
        assertRefused(XmlDocs.valid().replace(XmlDocs.HEADER, ""), "xml.header.missing");
        assertRefused("<ExclusionFile>" + XmlDocs.HEADER + "</ExclusionFile>", "xml.data.missing");
        assertRefused(XmlDocs.valid().replace("ExclusionFile", "CTfile"), "xml.root");
        assertRefused(XmlDocs.valid().replace(XmlDocs.HEADER, XmlDocs.HEADER + XmlDocs.HEADER), "xml.element.repeated");
        assertRefused(XmlDocs.valid().replace("<ExclusionData>", "<Extra/><ExclusionData>"), "xml.element.unknown");
    }

    @Test
    void aTruncatedDocumentIsRefusedEvenThoughItsFirstRecordsWereGood() {
        String xml = document(pupil(UPN_1, "", suspension()), pupil(UPN_2, "", suspension()));
        ExclusionXmlResult result = read(xml.substring(0, xml.indexOf(UPN_2)));
        assertThat(result.refused()).isTrue();
        assertThat(result.notices()).isEmpty();
        assertThat(result.errors()).extracting(ReadError::rule).containsExactly("xml.malformed");
        assertThat(result.errors().get(0).line()).isPositive();
    }

    @Test
    void markupAfterTheRootElementRefusesTheDocument() {
        assertRefused(XmlDocs.valid() + "<ExclusionFile/>", "xml.malformed");
    }

    @Test
    void aDeclaredEncodingOtherThanUtf8IsRefused() {
        assertRefused(XmlDocs.valid().replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\""), "xml.encoding");
    }

    @Test
    void noMessageRepeatsAValueFromTheDocument() {
        ExclusionXmlResult result = reader.read("02", ExclusionGolden.sample("02-some-bad-records.xml"),
                ExclusionGolden.exchangeIds());
        assertThat(result.errors()).hasSizeGreaterThan(3);
        for (ReadError e : result.errors()) {
            assertThat(e.message()).doesNotContain("B878400118045", "XX", "2025-02-30", "Isla", "Mockridge",
                    "2011-08-23");
        }
    }

    @Test
    void fromAStreamAnOversizedDocumentIsRefusedAfterReadingJustPastTheLimit() throws IOException {
        XmlLimits limits = new XmlLimits(4096, 32, 1000);
        CountingStream in = new CountingStream(new byte[1024 * 1024]);
        ExclusionXmlResult result = new ExclusionXmlReader(limits).read("big.xml", in, ExclusionGolden.exchangeIds());
        assertThat(result.errors()).extracting(ReadError::rule).containsExactly("xml.too-large");
        assertThat(in.read).isLessThanOrEqualTo(4097);

        ExclusionXmlResult small = new ExclusionXmlReader(limits).read("small.xml",
                new ByteArrayInputStream(utf8(XmlDocs.valid())), ExclusionGolden.exchangeIds());
        assertThat(small.notices()).hasSize(1);
    }

    @Test
    void limitsArePositiveAndFitInOneArray() {
        assertThatThrownBy(() -> new XmlLimits(0, 32, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new XmlLimits(1024, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new XmlLimits(Integer.MAX_VALUE, 32, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(XmlLimits.DEFAULT).isEqualTo(new XmlLimits(1024 * 1024, 32, 100_000));
    }

    private void assertRefused(String xml, String rule) {
        ExclusionXmlResult result = read(xml);
        assertThat(result.refused()).as(rule).isTrue();
        assertThat(result.notices()).isEmpty();
        assertThat(result.errors()).extracting(ReadError::rule).containsExactly(rule);
    }

    /** Counts the bytes taken from it. */
    private static final class CountingStream extends InputStream {
        private final ByteArrayInputStream in;
        int read;

        CountingStream(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            int b = in.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = in.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }
    }
}
