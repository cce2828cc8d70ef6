package org.bridgeway.adapters.exclusion;

import java.nio.charset.StandardCharsets;
import org.bridgeway.model.TestUpns;

/** Small synthetic exclusion XML documents for tests. */
final class XmlDocs {
    static final String UPN_1 = TestUpns.withCheckLetter("878400119001");
    static final String UPN_2 = TestUpns.withCheckLetter("878400119002");
    static final String HEADER = "<Header><SourceSchool><LEA>878</LEA><URN>113456</URN></SourceSchool></Header>";

    private XmlDocs() {
    }

    /** A document of the given pupils under the standard header. */
    static String document(String... pupils) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ExclusionFile>\n" + HEADER + "\n<ExclusionData>\n"
                + String.join("\n", pupils) + "\n</ExclusionData>\n</ExclusionFile>\n";
    }

    /** A pupil with the given UPN, names and date of birth, extra elements, and exclusions. */
    static String pupil(String upn, String extra, String... exclusions) {
        return "<Pupil>\n<UPN>" + upn + "</UPN>\n<Surname>Testbrook</Surname>\n<Forename>Alfie</Forename>\n"
                + "<DOB>2011-04-03</DOB>\n" + extra + "<Exclusions>\n" + String.join("\n", exclusions)
                + "\n</Exclusions>\n</Pupil>";
    }

    /** A two-session suspension for verbal abuse of a pupil, with extra elements inside the Exclusion. */
    static String suspension(String extra) {
        return "<Exclusion>\n<Category>SUSP</Category>\n<StartDate>2025-10-20</StartDate>\n<Sessions>2</Sessions>\n"
                + "<Reasons><Reason>VP</Reason></Reasons>\n" + extra + "</Exclusion>";
    }

    static String suspension() {
        return suspension("");
    }

    /** One valid pupil with one valid suspension. */
    static String valid() {
        return document(pupil(UPN_1, "", suspension()));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
