package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;

/** {@code bridgeway policy explain} on the sample placement, through picocli as the launcher runs it. */
class PolicyExplainCommandTest {
    private static final Path SAMPLE =
            GatewayFixture.samples().resolve("placements/01-emergency-placement-manchester.json");

    @Test
    void explainsAnAllowForTheHostPoliceForceWithEthnicityWithheld() {
        CliRun r = CliRun.of("policy", "explain", "--notice", SAMPLE.toString(), "--recipient", "police:greater-manchester",
                "--date", "2025-10-14");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).containsPattern("Decision:\\s+ALLOW")
                .containsPattern("Agreement:\\s+ISA-PN-2025 version 2.0")
                .containsPattern("Policy revision:\\s+sha256:[0-9a-f]{64}")
                .containsPattern("UK GDPR Article 6:\\s+UK GDPR Art 6\\(1\\)\\(e\\) public task")
                .containsPattern("DPA 2018 Part 3 purpose:\\s+DPA 2018 s.31 law enforcement purposes")
                .containsPattern("Legal gateway:\\s+Children Act 2004")
                .contains("Retention: P2Y from receipt")
                .contains("  1. record receipt of the notification")
                .contains("  1. agreement ISA-PN-2025 version 2.0");
        String permitted = section(out, "Permitted fields", "Withheld fields");
        String withheld = section(out, "Withheld fields", "Retention:");
        assertThat(permitted).contains("  placement.postcode", "  risks").doesNotContain("child.ethnicity");
        assertThat(withheld).contains("  child.ethnicity", "  child.nhsNumber", "  placement.categoryOfNeed");
        // every reason is numbered, each on its own line
        String reasons = out.substring(out.indexOf("Reasons ("));
        assertThat(reasons).containsPattern("\\n  4\\. withheld from police, special category data not permitted")
                .contains("retain for P2Y from receipt");
        // no value of the notice is printed: only field names
        assertThat(out).doesNotContain("Riley", "Sampleton", "9990000018", "MWBC", "M13 9PL", "KT40211");
    }

    @Test
    void explainsADenyForASchoolWithTheNoAgreementReason() {
        CliRun r = CliRun.of("policy", "explain", "--notice", SAMPLE.toString(), "--recipient", "school:123456",
                "--date", "2025-10-14");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("Decision:\\s+DENY")
                .containsPattern("Agreement:\\s+none")
                .containsPattern("Policy revision:\\s+sha256:")
                .contains("Permitted fields (0):\n  none")
                .contains("Retention: none (nothing disclosed)")
                .contains("  1. no information sharing agreement covers placement-notification from local-authority"
                        + " to school");
        assertThat(section(r.out(), "Withheld fields", "Retention:")).contains("  child.ethnicity", "  risks");
    }

    @Test
    void asksInTheRelationThePipelineWouldAskInUnlessOneIsGiven() {
        CliRun resolved = CliRun.of("policy", "explain", "--notice", SAMPLE.toString(), "--recipient",
                "police:greater-manchester", "--date", "2025-10-14");
        assertThat(resolved.out()).containsPattern("relation:\\s+placement-area-force\n")
                .containsPattern("notice would be sent to:\\s+police:greater-manchester as placement-area-force,"
                        + " local-authority:352 as host-authority, health:LAC352 as placement-area-health-team\n")
                .contains("to police as placement-area-force and is in force on 2025-10-14");

        CliRun given = CliRun.of("policy", "explain", "--notice", SAMPLE.toString(), "--recipient", "police:kent",
                "--relation", "home-force", "--date", "2025-10-14");
        assertThat(given.exitCode()).as(given.err()).isZero();
        assertThat(given.out()).containsPattern("relation:\\s+home-force\n")
                .contains("(police:kent is not among them)");

        CliRun none = CliRun.of("policy", "explain", "--notice", SAMPLE.toString(), "--recipient", "police:kent",
                "--date", "2025-10-14");
        assertThat(none.out()).containsPattern("relation:\\s+none \\(only agreement entries that list no relations");

        CliRun bad = CliRun.of("policy", "explain", "--notice", SAMPLE.toString(), "--recipient", "police:kent",
                "--relation", "Home Force");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--relation Home Force").contains("lower-case slug");
    }

    @Test
    void anInvalidNoticeIsRefusedWithEveryViolationAndExitCode2() {
        Path invalid = GatewayFixture.samples().resolve("placements/02-invalid-notice.json");
        CliRun r = CliRun.of("policy", "explain", "--notice", invalid.toString(), "--recipient", "police:kent");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is not a valid placement notice").contains("child.nhsNumber")
                .contains("[nhs-number.check-digit]");
        assertThat(r.out()).doesNotContain("Decision:");
    }

    @Test
    void badArgumentsExit2() {
        assertThat(CliRun.of("policy", "explain", "--notice", SAMPLE.toString(), "--recipient", "nobody").exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("policy", "explain", "--notice", SAMPLE.toString(), "--recipient", "police:kent",
                "--date", "14/10/2025").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("policy", "explain", "--recipient", "police:kent").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("policy").out()).contains("explain");
    }

    private static String section(String out, String from, String to) {
        int start = out.indexOf(from);
        return out.substring(start, out.indexOf(to, start));
    }
}
