package org.bridgeway.adapters.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.adapters.exclusion.XmlDocs.UPN_1;
import static org.bridgeway.adapters.exclusion.XmlDocs.document;
import static org.bridgeway.adapters.exclusion.XmlDocs.pupil;
import static org.bridgeway.adapters.exclusion.XmlDocs.suspension;
import static org.bridgeway.adapters.exclusion.XmlDocs.utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Documents built to attack or break the reader: each is refused whole, with a clear rule, and leaks nothing. */
class ExclusionXmlHostileTest {
    private static final String SECRET = "BRIDGEWAY-SECRET-7f3a9c";

    private final ExclusionXmlReader reader = new ExclusionXmlReader();

    @TempDir
    Path dir;

    private ExclusionXmlResult read(byte[] xml) {
        return reader.read("hostile.xml", xml, ExclusionGolden.exchangeIds());
    }

    /** The reader refused the document whole, for this rule, and nothing in the result holds the secret. */
    private static void assertRefused(ExclusionXmlResult result, String rule) {
        assertThat(result.refused()).as("refused").isTrue();
        assertThat(result.notices()).isEmpty();
        assertThat(result.errors()).extracting(ReadError::rule).containsExactly(rule);
        assertThat(everything(result)).doesNotContain(SECRET);
    }

    /** Every value the result holds: error texts and the fields of every notice (toString withholds those). */
    private static String everything(ExclusionXmlResult result) {
        return result.errors() + " " + result.notices().stream().map(n -> n.fields().toString()).toList();
    }

    private Path secretFile() throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, SECRET);
        return secret;
    }

    @Test
    void anExternalEntityToALocalFileIsNeverReadAndTheDocumentIsRefused() throws IOException {
        String uri = secretFile().toUri().toString();
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE ExclusionFile [<!ENTITY xxe SYSTEM \"" + uri + "\">]>\n"
                + document(pupil(UPN_1, "", suspension())).replaceFirst("<\\?xml[^>]*>\n", "")
                .replace("<Surname>Testbrook</Surname>", "<Surname>&xxe;</Surname>");
        ExclusionXmlResult result = read(utf8(xml));
        assertRefused(result, "xml.doctype");
        assertThat(result.errors().get(0).message()).contains("DOCTYPE");
    }

    @Test
    void anExternalParameterEntityOrExternalDtdIsRefused() throws IOException {
        String uri = secretFile().toUri().toString();
        assertRefused(read(utf8("<!DOCTYPE ExclusionFile [<!ENTITY % p SYSTEM \"" + uri + "\"> %p;]>"
                + XmlDocs.valid().replaceFirst("<\\?xml[^>]*>\n", ""))), "xml.doctype");
        assertRefused(read(utf8("<!DOCTYPE ExclusionFile SYSTEM \"" + uri + "\">"
                + XmlDocs.valid().replaceFirst("<\\?xml[^>]*>\n", ""))), "xml.doctype");
    }

    @Test
    void anXIncludeIsNotProcessed() throws IOException {
        String uri = secretFile().toUri().toString();
        String xml = document(pupil(UPN_1, "", suspension("<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\""
                + " href=\"" + uri + "\" parse=\"text\"/>")));
        ExclusionXmlResult result = read(utf8(xml));
        assertThat(result.notices()).isEmpty();
        assertThat(result.errors()).extracting(ReadError::rule).containsExactly("xml.element.unknown");
        assertThat(everything(result)).doesNotContain(SECRET);
    }

    @Test
    void billionLaughsIsRefusedAtTheDoctypeBeforeAnyExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE ExclusionFile [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            String prev = "&lol" + (i - 1) + ";";
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(prev.repeat(10)).append("\">");
        }
        dtd.append("]>");
        String xml = dtd + XmlDocs.valid().replaceFirst("<\\?xml[^>]*>\n", "")
                .replace("<Surname>Testbrook</Surname>", "<Surname>&lol9;</Surname>");
        assertRefused(read(utf8(xml)), "xml.doctype");
    }

    @Test
    void aPlainDoctypeIsRefusedToo() {
        assertRefused(read(utf8("<!DOCTYPE ExclusionFile>" + XmlDocs.valid().replaceFirst("<\\?xml[^>]*>\n", ""))),
                "xml.doctype");
    }

    @Test
    void anUndeclaredEntityReferenceIsNotWellFormed() {
        assertRefused(read(utf8(XmlDocs.valid().replace("Testbrook", "&xxe;"))), "xml.malformed");
    }

    @Test
    void aDocumentOverOneMebibyteIsRefusedBeforeParsing() {
        String valid = XmlDocs.valid();
        // well-formed and valid but for its size: the padding is a comment
        String padded = valid + "<!--" + "x".repeat(1024 * 1024 - valid.length() - 7 + 1) + "-->";
        assertThat(utf8(padded)).hasSize(1024 * 1024 + 1);
        ExclusionXmlResult result = read(utf8(padded));
        assertRefused(result, "xml.too-large");
        assertThat(result.records()).isZero();

        String atLimit = valid + "<!--" + "x".repeat(1024 * 1024 - valid.length() - 7) + "-->";
        assertThat(read(utf8(atLimit)).notices()).hasSize(1);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        // Exclusion is at depth 5 (ExclusionFile, ExclusionData, Pupil, Exclusions, Exclusion): 27 more reach 32
        String deep = "<Deep>".repeat(28) + "</Deep>".repeat(28);
        assertRefused(read(utf8(document(pupil(UPN_1, "", suspension(deep))))), "xml.too-deep");

        String allowed = "<Deep>".repeat(27) + "</Deep>".repeat(27);
        ExclusionXmlResult result = read(utf8(document(pupil(UPN_1, "", suspension(allowed)))));
        assertThat(result.refused()).isFalse();
        assertThat(result.errors()).extracting(ReadError::rule).containsExactly("xml.element.unknown");
    }

    @Test
    void moreElementsThanTheLimitAreRefused() {
        XmlLimits limits = new XmlLimits(1024 * 1024, 32, 200);
        String many = document(pupil(UPN_1, "", suspension("<Junk/>".repeat(200))));
        ExclusionXmlResult result = new ExclusionXmlReader(limits).read("many.xml", utf8(many),
                ExclusionGolden.exchangeIds());
        assertRefused(result, "xml.too-many-elements");

        ExclusionXmlResult fewer = new ExclusionXmlReader(limits).read("few.xml", utf8(XmlDocs.valid()),
                ExclusionGolden.exchangeIds());
        assertThat(fewer.notices()).hasSize(1);
    }

    @Test
    void theDefaultElementLimitHolds() {
        String many = document(pupil(UPN_1, "", suspension("<J/>".repeat(XmlLimits.DEFAULT.maxElements()))));
        assertThat(utf8(many).length).isLessThan(XmlLimits.DEFAULT.maxBytes());
        assertRefused(read(utf8(many)), "xml.too-many-elements");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C3 28", "FF", "C0 AF", "ED A0 80", "E2 82"})
    void invalidUtf8IsRefusedWithItsLine(String hex) throws IOException {
        String xml = XmlDocs.valid();
        int at = xml.indexOf("Testbrook");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(utf8(xml.substring(0, at)));
        for (String b : hex.split(" ")) {
            bytes.write(Integer.parseInt(b, 16));
        }
        bytes.write(utf8(xml.substring(at)));
        ExclusionXmlResult result = read(bytes.toByteArray());
        assertRefused(result, "xml.encoding");
        long line = xml.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        assertThat(result.errors().get(0).line()).isEqualTo(line);
        assertThat(result.errors().get(0).message()).contains("not valid UTF-8");
    }

    @Test
    void aUtf16DocumentIsRefused() {
        byte[] utf16 = XmlDocs.valid().replace("UTF-8", "UTF-16").getBytes(StandardCharsets.UTF_16);
        assertRefused(read(utf16), "xml.encoding");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPN,Surname,Forename\nC878400119001,Testbrook,Alfie\n", "{\"school\": {\"urn\": \"113456\"}}",
            "just some text", "<ExclusionFile><Header>", "<ExclusionFile></Other>", "<ExclusionFile>\u0001</ExclusionFile>"})
    void notXmlIsRefused(String text) {
        ExclusionXmlResult result = read(utf8(text));
        assertRefused(result, "xml.malformed");
        assertThat(result.errors().get(0).message()).doesNotContain("Testbrook", "113456", "some text");
    }

    @Test
    void binaryJunkIsRefused() {
        byte[] junk = new byte[256];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 37 + 11);
        }
        assertThat(read(junk).refused()).isTrue();
        assertThat(read(junk).errors()).extracting(ReadError::rule).first().isIn("xml.encoding", "xml.malformed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n  ", "\uFEFF"})
    void anEmptyDocumentIsRefused(String text) {
        assertRefused(read(utf8(text)), "xml.empty");
    }
}
