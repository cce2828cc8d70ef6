package org.bridgeway.handover.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.policy.PolicyLoadException;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped custody handover deadlines, and the precise refusal of a file the gateway must not start with. */
class HandoverDeadlinesTest {
    private static final ReferenceData REFERENCE = ReferenceData.shipped();
    private static final String DEFAULT = "id: WF-T\nexchangeType: custody-handover-deadline\ndefault:\n"
            + "  acknowledge: {due: PT15M, reminders: [PT5M]}\n  answer: {due: PT60M, reminders: [PT20M]}\n"
            + "  collect: {due: PT3H, reminders: [PT1H]}\n";

    @TempDir
    Path dir;

    @Test
    void theShippedDefaultsAreFifteenMinutesAnHourAndThreeHoursWithKentAndDevonsOwn() {
        HandoverDeadlines shipped = HandoverDeadlines.load(GatewayFixture.projectRoot().resolve("policies/workflows"),
                REFERENCE);

        HandoverDeadlines.Steps norfolk = shipped.forAuthority(new DfeLaCode("926"));
        assertThat(norfolk.acknowledge()).isEqualTo(new HandoverDeadlines.Step(Duration.ofMinutes(15),
                List.of(Duration.ofMinutes(5))));
        assertThat(norfolk.answer().due()).isEqualTo(Duration.ofMinutes(60));
        assertThat(norfolk.collect().due()).isEqualTo(Duration.ofHours(3));
        assertThat(shipped.forAuthority(new DfeLaCode("886")).answer().reminders())
                .containsExactly(Duration.ofMinutes(30), Duration.ofMinutes(10));
        HandoverDeadlines.Steps devon = shipped.forAuthority(new DfeLaCode("878"));
        assertThat(devon.collect().due()).isEqualTo(Duration.ofHours(4));
        assertThat(devon.acknowledge()).isEqualTo(norfolk.acknowledge());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"886\": {answer: {due: 60 minutes}}|$.authorities.886.answer.due|ISO-8601",
            "\"886\": {answer: {due: PT0S}}|$.authorities.886.answer.due|positive",
            "\"886\": {collect: {due: P3D}}|$.authorities.886.collect.due|at most 24 hours",
            "\"886\": {collect: {due: PT3H, reminders: [PT3H]}}|$.authorities.886.collect.reminders|before the step",
            "\"886\": {answer: {due: PT60M, reminders: [PT10M, PT10M]}}|$.authorities.886.answer.reminders[1]|twice",
            "\"886\": {answer: {reminders: [PT10M]}}|$.authorities.886.answer.due|required",
            "\"886\": {acknowledge: {due: PT90M}}|$.authorities.886.acknowledge.due|after the answer",
            "\"886\": {grace: PT5M}|$.authorities.886.grace|unknown member",
            "\"804\": {answer: {due: PT30M}}|$.authorities.804|no local authority",
            "\"Kent\": {answer: {due: PT30M}}|$.authorities.Kent|not a DfE local authority number",
    })
    void anInvalidFileIsRefusedNamingTheFileAndTheField(String authority, String field, String problem)
            throws Exception {
        Files.writeString(dir.resolve(HandoverDeadlines.FILE), DEFAULT + "authorities:\n  " + authority + "\n");

        assertThatThrownBy(() -> HandoverDeadlines.load(dir, REFERENCE))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining(dir.resolve(HandoverDeadlines.FILE).toString())
                .hasMessageContaining(field)
                .hasMessageContaining(problem);
    }

    @Test
    void aDefaultWithoutEveryStepOrAnotherExchangeTypeIsRefused() throws Exception {
        Files.writeString(dir.resolve(HandoverDeadlines.FILE), DEFAULT.replace(
                "  collect: {due: PT3H, reminders: [PT1H]}\n", ""));
        assertThatThrownBy(() -> HandoverDeadlines.load(dir, REFERENCE)).hasMessageContaining("$.default.collect");

        Files.writeString(dir.resolve(HandoverDeadlines.FILE), DEFAULT.replace("custody-handover-deadline",
                "return-interview-task"));
        assertThatThrownBy(() -> HandoverDeadlines.load(dir, REFERENCE)).hasMessageContaining("$.exchangeType");
    }
}
