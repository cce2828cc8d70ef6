package org.bridgeway.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bridgeway.directory.AuthorityDirectory.Staffed;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.policy.PolicyLoadException;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped directory covers every authority with synthetic contacts, says who is staffed when, and a directory
 * with a bad entry of each kind stops the start with the file, the authority and the field.
 */
class AuthorityDirectoryTest {
    private static final Path SHIPPED = GatewayFixture.projectRoot().resolve("policies").resolve("directory");
    private static final ReferenceData REFERENCE = ReferenceData.shipped();
    private static final DfeLaCode KENT = DfeLaCode.parse("886");

    @TempDir
    Path dir;

    @Test
    void theShippedDirectoryReachesEveryAuthorityOnSyntheticNumbersAndAddresses() {
        AuthorityDirectory directory = AuthorityDirectory.load(SHIPPED, REFERENCE);

        assertThat(directory.entries()).hasSameSizeAs(REFERENCE.localAuthorities());
        for (LocalAuthority la : REFERENCE.localAuthorities()) {
            AuthorityDirectory.Entry entry = directory.of(la.dfeCode()).orElseThrow();
            assertThat(Stream.of(entry.office().phone(), entry.outOfHours().phone(), entry.escalation().phone()))
                    .as("authority %s", la.dfeCode())
                    .allMatch(p -> p.startsWith("01632 960") || p.startsWith("020 7946 0"), "an Ofcom drama number");
            assertThat(entry.office().email().orElseThrow()).endsWith(".example");
            assertThat(entry.custodyHandoverMailbox().id()).isEqualTo("local-authority:" + la.dfeCode().value());
        }
    }

    @Test
    void theOfficeAnswersInItsHoursAndTheEmergencyDutyTeamAtAllOtherTimes() {
        AuthorityDirectory.Entry kent = AuthorityDirectory.load(SHIPPED, REFERENCE).of(KENT).orElseThrow();
        BankHolidayCalendar calendar = BankHolidayCalendar.load(SHIPPED);

        // Kent's office: weekdays 09:00-17:00, English local time
        assertThat(kent.staffedAt(at("2026-03-03T10:00:00Z"), calendar)).isEqualTo(Staffed.OFFICE);
        assertThat(kent.staffedAt(at("2026-03-03T08:59:00Z"), calendar)).isEqualTo(Staffed.OUT_OF_HOURS);
        assertThat(kent.staffedAt(at("2026-03-03T17:00:00Z"), calendar)).isEqualTo(Staffed.OUT_OF_HOURS);
        // 08:30 UTC is 09:30 in British Summer Time
        assertThat(kent.staffedAt(at("2026-07-01T08:30:00Z"), calendar)).isEqualTo(Staffed.OFFICE);
        // a Saturday, and the Boxing Day substitute Monday, at ten in the morning
        assertThat(kent.staffedAt(at("2026-03-07T10:00:00Z"), calendar)).isEqualTo(Staffed.OUT_OF_HOURS);
        assertThat(kent.staffedAt(at("2026-12-28T10:00:00Z"), calendar)).isEqualTo(Staffed.OUT_OF_HOURS);
        assertThat(kent.contactAt(at("2026-12-28T10:00:00Z"), calendar).phone()).isEqualTo("01632 960277");
        assertThat(kent.contactAt(at("2026-12-29T10:00:00Z"), calendar).phone()).isEqualTo("01632 960276");
        assertThat(kent.describeOutOfHours()).isEqualTo("01632 960277 (emergency duty team: weekdays 00:00-09:00"
                + " and 17:00-24:00; weekends 00:00-24:00; bank holidays 00:00-24:00)");
        assertThat(kent.describeOffice()).isEqualTo("01632 960276, childrens.services@kent.example (children's"
                + " services office: weekdays 09:00-17:00)");
    }

    static Stream<Arguments> badEntries() {
        return Stream.of(
                Arguments.of("an unknown authority", kent(e -> e.replace("code: \"886\"", "code: \"337\"")),
                        ".code", "authority 337 (Kent): no local authority with this DfE number"),
                Arguments.of("not a DfE number", kent(e -> e.replace("code: \"886\"", "code: \"999\"")),
                        ".code", "authority 999 (Kent): not a DfE local authority number"),
                Arguments.of("an authority twice", (UnaryOperator<String>) y -> y.replace("code: \"887\"",
                        "code: \"886\""), ".code", "authority 886 (Medway): is listed twice"),
                Arguments.of("a missing member", kent(e -> e.replaceAll("(?s)    escalation:.*?(?=    custody)", "")),
                        ".escalation", "authority 886 (Kent): does not match authorities.schema.json"),
                Arguments.of("an unknown member", kent(e -> e.replace("    office:\n",
                        "    office:\n      fax: \"01632 960999\"\n")), ".office.fax", "authority 886 (Kent)"),
                Arguments.of("a number of the wrong form", kent(e -> e.replace("\"01632 960276\"", "\"999\"")),
                        ".office.phone", "authority 886 (Kent): does not match"),
                Arguments.of("hours that end before they start", kent(e -> e.replace("\"17:00-24:00\"",
                        "\"17:00-08:00\"")), ".outOfHours.hours.weekday[1]", "17:00-08:00 ends before it starts"),
                Arguments.of("a gap in the emergency duty team's hours", kent(e -> e.replace(
                        "weekend: [\"00:00-24:00\"]", "weekend: [\"00:00-23:00\"]")), ".outOfHours.hours.weekend",
                        "authority 886 (Kent): nobody is staffed on a weekend from 23:00 to 24:00"),
                Arguments.of("a handover mailbox of no known authority", kent(e -> e.replace(
                        "local-authority:886", "local-authority:337")), ".custodyHandoverMailbox",
                        "names no local authority"),
                Arguments.of("a handover mailbox that is no DfE number", kent(e -> e.replace(
                        "local-authority:886", "local-authority:999")), ".custodyHandoverMailbox",
                        "names no local authority"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEntries")
    void aBadEntryStopsTheStartNamingTheFileTheAuthorityAndTheField(String what, UnaryOperator<String> edit,
                                                                   String field, String message) throws IOException {
        writeDirectory(edit);

        assertThatThrownBy(() -> AuthorityDirectory.load(dir, REFERENCE))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining(dir.resolve(AuthorityDirectory.FILE).toString())
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((PolicyLoadException) e).field()).matches("\\$\\.authorities\\[\\d+]"
                        + java.util.regex.Pattern.quote(field)));
    }

    @Test
    void anAuthorityLeftOutStopsTheStartNamingIt() throws IOException {
        writeDirectory(kent(e -> ""));

        assertThatThrownBy(() -> AuthorityDirectory.load(dir, REFERENCE))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("$.authorities: no entry for 1 authorities of the reference data: 886 (Kent)");
    }

    /** An edit of Kent's entry alone. */
    private static UnaryOperator<String> kent(UnaryOperator<String> edit) {
        return yaml -> {
            int start = yaml.indexOf("  - code: \"886\"");
            int end = yaml.indexOf("  - code: ", start + 1);
            return yaml.substring(0, start) + edit.apply(yaml.substring(start, end)) + yaml.substring(end);
        };
    }

    private void writeDirectory(UnaryOperator<String> edit) throws IOException {
        String yaml = Files.readString(SHIPPED.resolve(AuthorityDirectory.FILE));
        String edited = edit.apply(yaml);
        assertThat(edited).as("the edit changed the directory").isNotEqualTo(yaml);
        Files.writeString(dir.resolve(AuthorityDirectory.FILE), edited);
        Files.copy(SHIPPED.resolve(AuthorityDirectory.SCHEMA_FILE), dir.resolve(AuthorityDirectory.SCHEMA_FILE));
    }

    private static ZonedDateTime at(String instant) {
        return ZonedDateTime.parse(instant);
    }
}
