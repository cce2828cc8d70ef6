package org.bridgeway.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.policy.PolicyLoadException;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped deadline data, and the precise refusal of a file the gateway must not start with. */
class ReturnInterviewDeadlinesTest {
    private static final ReferenceData REFERENCE = ReferenceData.shipped();

    @TempDir
    Path dir;

    @Test
    void theShippedDefaultIs72HoursWithADayBeforeReminderEscalatingToTheAuthorityItself() {
        ReturnInterviewDeadlines shipped = ReturnInterviewDeadlines.load(
                GatewayFixture.projectRoot().resolve("policies/workflows"), REFERENCE);

        ReturnInterviewDeadlines.Deadline kent = shipped.forAuthority(new DfeLaCode("886"));
        assertThat(kent.due()).isEqualTo(Duration.ofHours(72));
        assertThat(kent.reminders()).containsExactly(Duration.ofHours(24));
        assertThat(kent.escalationMailbox()).isEqualTo(Organisation.parseId("local-authority:886"));

        ReturnInterviewDeadlines.Deadline plymouth = shipped.forAuthority(new DfeLaCode("879"));
        assertThat(plymouth.reminders()).containsExactly(Duration.ofHours(24), Duration.ofHours(6));
        assertThat(plymouth.escalationMailbox()).isEqualTo(Organisation.parseId("local-authority:878"));
        assertThat(shipped.forAuthority(new DfeLaCode("878")).reminders()).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { // ';' ends a line of the default's block
            "due: 72 hours|$.default.due|ISO-8601",
            "due: PT72H; reminders: [PT72H]|$.default.reminders|before the task opens",
            "due: PT72H; reminders: [PT24H, PT24H]|$.default.reminders[1]|listed twice",
            "due: PT72H; reminders: [PT24H]; escalation: {contact: x, mailbox: 'police:kent'}"
                    + "|$.default.escalation.mailbox|local authority",
            "due: PT72H; reminders: [PT24H]; escalation: {contact: x, mailbox: 'local-authority:999'}"
                    + "|$.default.escalation.mailbox|not an organisation id",
            "due: PT72H; reminders: [PT24H]|$.default.escalation.contact|required",
            "due: PT72H; reminders: [PT24H]; escalation: {contact: x}; grace: PT1H|$.default.grace|unknown member",
    })
    void anInvalidFileIsRefusedNamingTheFileAndTheField(String defaultBlock, String field, String problem)
            throws Exception {
        write("id: WF-T\nexchangeType: return-interview-task\ndefault:\n  " + defaultBlock.replace("; ", "\n  ")
                + "\n");

        assertThatThrownBy(() -> ReturnInterviewDeadlines.load(dir, REFERENCE))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining(dir.resolve(ReturnInterviewDeadlines.FILE).toString())
                .hasMessageContaining(field)
                .hasMessageContaining(problem);
    }

    @Test
    void anOverrideForAnUnknownAuthorityOrOneWhoseReminderFallsBeforeItsDueIsRefused() throws Exception {
        String valid = "id: WF-T\nexchangeType: return-interview-task\ndefault:\n  due: PT72H\n  reminders: [PT24H]\n"
                + "  escalation: {contact: x}\nauthorities:\n";
        for (List<String> c : List.of(List.of("  \"999\": {due: PT48H}", "$.authorities.999"),
                List.of("  \"886\": {due: PT12H}", "$.authorities.886.reminders"))) {
            write(valid + c.get(0) + "\n");
            assertThatThrownBy(() -> ReturnInterviewDeadlines.load(dir, REFERENCE))
                    .isInstanceOf(PolicyLoadException.class).hasMessageContaining(c.get(1));
        }
    }

    private void write(String yaml) throws Exception {
        Files.writeString(dir.resolve(ReturnInterviewDeadlines.FILE), yaml);
    }
}
