package org.bridgeway.timeliness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.adapters.json.JsonNoticeRenderer;
import org.bridgeway.delivery.MailboxMessage;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through a real gateway: a placement notice is measured against regulation 13 on the day the gateway receives it
 * (planned: by its start; emergency: within 5 working days), every recipient sees the measure and the placing
 * authority's contacts in what it receives (JSON and FHIR alike), each accepted notice leaves one row for the
 * report, and a notice built from an SSDA903 return tells its recipients it carries no names.
 */
class PlacementNoticesCarryTheirTimelinessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KENT_OFFICE = "01632 960276, childrens.services@kent.example";
    private static final String KENT_EDT = "01632 960277 (emergency duty team:";

    @TempDir
    Path data;
    @TempDir
    Path returns;
    private GatewayFixture fixture;
    private int references;
    private PlacementNotice lastSubmitted;

    private Gateway startAt(String instant) {
        fixture = GatewayFixture.start(GatewayFixture.config(data), new AdjustableClock(Instant.parse(instant)));
        return fixture.gateway();
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void plannedAndEmergencyNoticesAreMeasuredInWorkingDaysAndEveryRecipientSeesIt() throws Exception {
        Gateway gateway = startAt("2026-03-10T10:00:00Z"); // a Tuesday

        // planned: due by the start
        expect(gateway, submit(gateway, "2026-03-12", false), "2026-03-12", 0, "ON_TIME");
        expect(gateway, submit(gateway, "2026-03-10", false), "2026-03-10", 0, "ON_TIME");
        // started the Friday before: Monday and Tuesday late
        expect(gateway, submit(gateway, "2026-03-06", false), "2026-03-06", 2, "LATE");
        // emergency: due by the 5th working day after the start
        expect(gateway, submit(gateway, "2026-03-03", true), "2026-03-10", 0, "ON_TIME");
        expect(gateway, submit(gateway, "2026-03-02", true), "2026-03-09", 1, "LATE");
        expect(gateway, submit(gateway, "2026-02-02", true), "2026-02-09", 21, "LATE");

        Map<String, Object> report = new TimelinessRecords(gateway.dataSource()).report(DfeLaCode.parse("886"),
                LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-31"));
        assertThat(JSON.valueToTree(report).path("total").toString()).isEqualTo("{\"notices\":6,\"onTime\":3,"
                + "\"late\":3,\"lateByWorkingDays\":{\"1\":1,\"2-5\":1,\"6-10\":0,\"11+\":1}}");
        assertThat(JSON.valueToTree(report).path("groups")).hasSize(2);
    }

    @Test
    void bankHolidaysAndWeekendsAreNotWorkingDays() throws Exception {
        Gateway gateway = startAt("2026-04-08T09:00:00Z"); // the Wednesday after Easter

        // emergency from the Friday before Easter: 30, 31 March, 1, 2 and 7 April; a day late on the 8th
        expect(gateway, submit(gateway, "2026-03-27", true), "2026-04-07", 1, "LATE");
        // planned from Maundy Thursday: Good Friday and Easter Monday are not counted
        expect(gateway, submit(gateway, "2026-04-02", false), "2026-04-02", 2, "LATE");
    }

    @Test
    void aNoticeReceivedOnASaturdayIsReadOnMonday() throws Exception {
        Gateway gateway = startAt("2026-03-14T11:00:00Z"); // a Saturday

        // a Friday placement notified the day after is a working day late; a Monday one is on time
        expect(gateway, submit(gateway, "2026-03-13", false), "2026-03-13", 1, "LATE");
        expect(gateway, submit(gateway, "2026-03-16", false), "2026-03-16", 0, "ON_TIME");
    }

    @Test
    void anEndIsMeasuredAgainstItsDateAndTenWorkingDaysWherePriorNoticeWasImpracticable() throws Exception {
        Gateway gateway = startAt("2026-03-10T10:00:00Z");
        String started = submit(gateway, "2026-02-02", false);
        PlacementNotice start = lastSubmitted;
        expect(gateway, started, "2026-02-02", 26, "LATE");
        // ended on Friday 20 February without prior notice: due by the 10th working day after, Friday 6 March
        PlacementNotice end = new PlacementNotice(java.util.UUID.randomUUID().toString(), start.sender(),
                start.idempotencyKey() + "|end", start.child(), start.placement(), start.risks(),
                PlacementNotice.Lifecycle.ended(LocalDate.parse("2026-02-20"), "E8"), false,
                PlacementNotice.Notification.sent(PlacementNotice.Source.CASE_SYSTEM, true));
        Dispatch ended = gateway.submit(end);

        expect(gateway, ended.exchangeId(), "2026-03-06", 2, "LATE");
        JsonNode groups = JSON.valueToTree(new TimelinessRecords(gateway.dataSource()).report(
                DfeLaCode.parse("886"), LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-10"))).path("groups");
        assertThat(groups.findValuesAsText("regulation")).containsExactly("REGULATION_13", "REGULATION_14");
    }

    @Test
    void aNoticeFromAnSsda903ReturnSaysItCarriesNoNamesAndHowToReachTheAuthority() throws Exception {
        Gateway gateway = startAt("2026-03-10T10:00:00Z");
        Files.writeString(returns.resolve("header.csv"), "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                + "KT26901,2,11/06/2011,WBRI,UN1,,\n");
        Files.writeString(returns.resolve("episodes.csv"), "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,"
                + "REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
                + "KT26901,02/03/2026,S,C2,N1,U4,PR1,,,,ME14 2LP,M13 9PL,SC1029384\n");

        gateway.processReturn(returns);

        String exchangeId = fixture.outcomes(Outcome.Delivered.class).get(0).exchangeId();
        List<JsonNode> received = jsonDeliveries(gateway, exchangeId);
        assertThat(received).as("the host authority, at least, receives it as JSON").isNotEmpty();
        for (JsonNode notice : received) {
            assertThat(notice.path("child").path("namesNotCarried").asText())
                    .isEqualTo(PlacementNotice.NAMES_NOT_CARRIED);
            assertThat(notice.path("child").has("givenName")).isFalse();
            assertThat(notice.path("placingAuthority").path("officeContact").asText()).startsWith(KENT_OFFICE);
            assertThat(notice.path("placingAuthority").path("outOfHoursContact").asText()).startsWith(KENT_EDT);
            // a return has no emergency flag: measured as planned, due by the start on Monday 2 March
            assertThat(notice.path("notification").path("dueBy").asText()).isEqualTo("2026-03-02");
            assertThat(notice.path("notification").path("workingDaysLate").asText()).isEqualTo("6");
        }
    }

    private String submit(Gateway gateway, String startDate, boolean emergency) {
        SyntheticPlacements.Spec s = SyntheticPlacements.EVERY_FIELD.get(0);
        SyntheticPlacements.Spec spec = new SyntheticPlacements.Spec(s.sourceReference() + "/timeliness-"
                + (++references), s.localId(), s.nhsNumber(), s.upn(), s.givenName(), s.familyName(), s.sex(),
                s.dateOfBirth(), s.ethnicity(), s.homePostcode(), startDate, s.reasonForNewEpisode(), s.legalStatus(),
                s.categoryOfNeed(), s.type(), s.provider(), s.postcode(), s.providerUrn(), s.reasonForChange(),
                s.risks(), emergency);
        lastSubmitted = SyntheticPlacements.notice(gateway.reference(), spec);
        Dispatch dispatch = gateway.submit(lastSubmitted);
        assertThat(dispatch.duplicate()).isFalse();
        return dispatch.exchangeId();
    }

    /** What every recipient of the exchange received says of its timeliness and the authority's contacts. */
    private void expect(Gateway gateway, String exchangeId, String dueBy, int late, String timeliness)
            throws Exception {
        List<Outcome.Delivered> delivered = fixture.outcomes(Outcome.Delivered.class).stream()
                .filter(d -> d.exchangeId().equals(exchangeId)).toList();
        assertThat(delivered).as("police, host authority and health team").hasSize(3);
        for (Outcome.Delivered d : delivered) {
            assertThat(d.fields()).contains(PlacementNotice.Fields.NOTIFICATION_TIMELINESS,
                    PlacementNotice.Fields.NOTIFICATION_WORKING_DAYS_LATE, PlacementNotice.Fields.NOTIFICATION_DUE_BY,
                    PlacementNotice.Fields.NOTIFICATION_RECEIVED_ON,
                    PlacementNotice.Fields.PLACING_AUTHORITY_OFFICE_CONTACT,
                    PlacementNotice.Fields.PLACING_AUTHORITY_OUT_OF_HOURS_CONTACT);
            String payload = payload(gateway, d.recipient(), exchangeId);
            if (d.format().equals(JsonNoticeRenderer.FORMAT)) {
                JsonNode notification = JSON.readTree(payload).path("notice").path("notification");
                assertThat(notification.path("dueBy").asText()).as(d.recipient()).isEqualTo(dueBy);
                assertThat(notification.path("workingDaysLate").asText()).as(d.recipient())
                        .isEqualTo(Integer.toString(late));
                assertThat(notification.path("timeliness").asText()).as(d.recipient()).isEqualTo(timeliness);
            } else {
                // the health team's FHIR message: the same measure, as the timeliness extension
                assertThat(payload.replace("\": ", "\":")).as(d.recipient()).contains("placement-notification-timeliness",
                        "\"valueDate\":\"" + dueBy + "\"", "\"valueInteger\":" + late,
                        "\"valueCode\":\"" + timeliness + "\"");
            }
            assertThat(payload).as(d.recipient()).contains(KENT_OFFICE, KENT_EDT);
        }
    }

    private List<JsonNode> jsonDeliveries(Gateway gateway, String exchangeId) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (Outcome.Delivered d : fixture.outcomes(Outcome.Delivered.class)) {
            if (d.exchangeId().equals(exchangeId) && d.format().equals(JsonNoticeRenderer.FORMAT)) {
                out.add(JSON.readTree(payload(gateway, d.recipient(), exchangeId)).path("notice"));
            }
        }
        return out;
    }

    private static String payload(Gateway gateway, String recipient, String exchangeId) {
        Map<String, Mailboxes.FetchedMessage> byExchange = new HashMap<>();
        for (MailboxMessage m : gateway.mailboxes().list(recipient, 1000)) {
            byExchange.put(m.exchangeId(), gateway.mailboxes().fetch(recipient, m.messageId()).orElseThrow());
        }
        assertThat(byExchange).as("%s's mailbox", recipient).containsKey(exchangeId);
        return new String(byExchange.get(exchangeId).payload(), StandardCharsets.UTF_8);
    }
}
