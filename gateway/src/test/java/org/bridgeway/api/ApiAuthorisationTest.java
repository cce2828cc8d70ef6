package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.bridgeway.api.ApiAuthorisation.Endpoint;
import org.bridgeway.model.Organisation;
import org.bridgeway.transport.PartnerCertificate;
import org.junit.jupiter.api.Test;

/**
 * The authorisation policy on its own, with token roles and in the certificate-only development mode; the running
 * gateway with real tokens is walked cell by cell in {@link ApiAuthorisationMatrixTest}.
 */
class ApiAuthorisationTest {
    private static final Endpoint ENTRIES = Endpoint.get("/api/v1/audit/entries");
    private static final Endpoint CONTENT = Endpoint.get("/api/v1/mailboxes/{organisation}/messages/{messageId}");
    private static final Endpoint LIST = Endpoint.get("/api/v1/mailboxes/{organisation}/messages");
    private static final Organisation KENT = Organisation.parseId("local-authority:886");

    private final ApiAuthorisation roles = ApiAuthorisation.withTokenRoles();
    private final ApiAuthorisation certificateOnly = ApiAuthorisation.certificateOnly();

    @Test
    void anEndpointWithoutARuleIsRefused() {
        assertThat(certificateOnly.decide(Endpoint.get("/api/v1/anything-new"), Caller.of(KENT), p -> null).allowed())
                .isFalse();
        assertThat(certificateOnly.decide(Endpoint.post("/api/v1/audit/checkpoint"), Caller.of(KENT), p -> null)
                .allowed()).as("another method of a known path").isFalse();
    }

    @Test
    void theAuditLogsEntriesAreForTheAuditorRoleOnceTokensCarryRoles() {
        assertThat(roles.decide(ENTRIES, caller(KENT, "auditor"), none()).allowed()).isTrue();
        for (String role : new String[] {"social-worker", "system", "data-protection-officer", "custody-officer"}) {
            assertThat(roles.decide(ENTRIES, caller(KENT, role), none()).allowed()).as(role).isFalse();
        }
        assertThat(certificateOnly.decide(ENTRIES, Caller.of(KENT), none()).allowed())
                .as("until then: any authenticated partner").isTrue();
    }

    @Test
    void theDpoReadsNoNoticeContentButAPartnersSystemReadsItsOwn() {
        Function<String, String> kentsMailbox = Map.of("organisation", KENT.id())::get;
        assertThat(roles.decide(CONTENT, caller(KENT, "data-protection-officer"), kentsMailbox).allowed()).isFalse();
        assertThat(roles.decide(CONTENT, caller(KENT, "auditor"), kentsMailbox).allowed()).isFalse();
        assertThat(roles.decide(CONTENT, caller(KENT, "system"), kentsMailbox).allowed()).isTrue();
        assertThat(roles.decide(CONTENT, caller(Organisation.parseId("police:kent"), "system"), kentsMailbox)
                .allowed()).as("not its mailbox").isFalse();
        assertThat(roles.decide(LIST, caller(KENT, "data-protection-officer"), kentsMailbox).allowed())
                .as("listing shows metadata, no content").isTrue();
    }

    @Test
    void theDeadLetterQueueIsForTheGatewayOperatorRoleOnlyWhoReadsNoNoticeContent() {
        for (Endpoint e : List.of(Endpoint.get("/api/v1/dead-letters"),
                Endpoint.post("/api/v1/dead-letters/{messageId}/replay"))) {
            assertThat(roles.decide(e, caller(KENT, ApiAuthorisation.GATEWAY_OPERATOR), none()).allowed()).isTrue();
            for (String role : new String[] {"system", "auditor", "data-protection-officer", "social-worker"}) {
                assertThat(roles.decide(e, caller(KENT, role), none()).allowed()).as(role).isFalse();
            }
            assertThat(certificateOnly.decide(e, Caller.of(KENT), none()).allowed())
                    .as("no roles, no operator: the offline command serves").isFalse();
        }
        Function<String, String> kentsMailbox = Map.of("organisation", KENT.id())::get;
        assertThat(roles.decide(CONTENT, caller(KENT, ApiAuthorisation.GATEWAY_OPERATOR), kentsMailbox).allowed())
                .isFalse();
    }

    @Test
    void anEmergencyDutyTeamSpeaksForItsAuthorityButDoesNotFileItsReturn() {
        Caller edt = new Caller(KENT, "local-authority:886/edt", Optional.of(PartnerCertificate.EMERGENCY_DUTY_TEAM),
                Set.of(), Optional.empty());
        assertThat(certificateOnly.decide(LIST, edt, Map.of("organisation", KENT.id())::get).allowed()).isTrue();
        assertThat(certificateOnly.decide(Endpoint.post("/api/v1/ssda903/returns"), edt, none()).allowed()).isFalse();
        assertThat(certificateOnly.decide(Endpoint.post("/api/v1/ssda903/returns"), Caller.of(KENT), none())
                .allowed()).isTrue();
    }

    @Test
    void placementsAreSentByTheAuthoritysSystemOrItsSocialWorkers() {
        Endpoint submit = Endpoint.post("/api/v1/placements");
        for (String role : new String[] {"system", "social-worker", "edt-social-worker"}) {
            assertThat(roles.decide(submit, caller(KENT, role), none()).allowed()).as(role).isTrue();
        }
        for (String role : new String[] {"auditor", "data-protection-officer", "custody-officer", "lac-nurse"}) {
            assertThat(roles.decide(submit, caller(KENT, role), none()).allowed()).as(role).isFalse();
        }
        assertThat(certificateOnly.decide(submit, Caller.of(KENT), none()).allowed()).isTrue();
    }

    @Test
    void theLocatorIsAskedByForcesCouncilsAndTheirEdtsAndHealthTeamsAndFedByCouncilsOwnSystems() {
        Endpoint query = Endpoint.post("/api/v1/locator/queries");
        Endpoint register = Endpoint.post("/api/v1/locator/entries");
        Endpoint withdraw = Endpoint.post("/api/v1/locator/entries/{reference}/withdrawal");
        Organisation force = Organisation.parseId("police:kent");
        Organisation health = Organisation.parseId("health:LAC886");
        Organisation school = Organisation.parseId("school:118000");
        Caller edt = new Caller(KENT, "local-authority:886/edt", Optional.of(PartnerCertificate.EMERGENCY_DUTY_TEAM),
                Set.of("edt-social-worker"), Optional.empty());
        assertThat(roles.decide(query, caller(force, "custody-officer"), none()).allowed()).isTrue();
        assertThat(roles.decide(query, caller(force, "system"), none()).allowed()).isTrue();
        assertThat(roles.decide(query, edt, none()).allowed()).as("the EDT asks").isTrue();
        assertThat(roles.decide(query, caller(KENT, "social-worker"), none()).allowed()).isTrue();
        assertThat(roles.decide(query, caller(health, "lac-nurse"), none()).allowed()).isTrue();
        assertThat(roles.decide(query, caller(school, "system"), none()).allowed()).isFalse();
        assertThat(certificateOnly.decide(query, Caller.of(school), none()).allowed()).isFalse();
        for (String oversight : new String[] {"auditor", "data-protection-officer"}) {
            assertThat(roles.decide(query, caller(force, oversight), none()).allowed()).as(oversight).isFalse();
        }
        assertThat(roles.decide(query, caller(KENT, "custody-officer"), none()).allowed())
                .as("a force's role in a council's token").isFalse();

        for (Endpoint entries : new Endpoint[] {register, withdraw}) {
            assertThat(roles.decide(entries, caller(KENT, "system"), none()).allowed()).isTrue();
            assertThat(roles.decide(entries, caller(KENT, "social-worker"), none()).allowed()).isTrue();
            assertThat(roles.decide(entries, edt, none()).allowed()).as("not the EDT").isFalse();
            assertThat(roles.decide(entries, caller(force, "system"), none()).allowed()).isFalse();
            assertThat(roles.decide(entries, caller(health, "system"), none()).allowed()).isFalse();
        }
    }

    @Test
    void withTokenRolesASchoolSendsItsExclusionNoticesThroughItsSystem() {
        Endpoint exclusions = Endpoint.post("/api/v1/exclusions");
        Organisation school = Organisation.parseId("school:118000");
        assertThat(roles.decide(exclusions, caller(school, "system"), none()).allowed()).isTrue();
        assertThat(roles.decide(exclusions, caller(school, "designated-safeguarding-lead"), none()).allowed())
                .isFalse();
        assertThat(certificateOnly.decide(exclusions, Caller.of(school), none()).allowed()).isTrue();
    }

    @Test
    void withTokenRolesAReturnIsUploadedByTheSystemNotByAPerson() {
        Endpoint upload = Endpoint.post("/api/v1/ssda903/returns");
        assertThat(roles.decide(upload, caller(KENT, "system"), none()).allowed()).isTrue();
        assertThat(roles.decide(upload, caller(KENT, "social-worker"), none()).allowed()).isFalse();
    }

    @Test
    void aReturnsMissingReconciliationIsForTheCouncilsOwnSystemNotAnAuditor() {
        Endpoint report = Endpoint.get("/api/v1/ssda903/returns/{batchId}/missing-reconciliation");
        assertThat(roles.decide(report, caller(KENT, "system"), none()).allowed()).isTrue();
        for (String role : new String[] {"auditor", "social-worker", "data-protection-officer"}) {
            assertThat(roles.decide(report, caller(KENT, role), none()).allowed()).as(role).isFalse();
        }
        assertThat(roles.decide(report, caller(Organisation.parseId("police:kent"), "system"), none()).allowed())
                .isFalse();
        assertThat(certificateOnly.decide(report, Caller.of(KENT), none()).allowed()).isTrue();
    }

    @Test
    void decisionsAreForTheAuditorAndTheDpo() {
        Endpoint decisions = Endpoint.get("/api/v1/decisions");
        assertThat(roles.decide(decisions, caller(KENT, "auditor"), none()).allowed()).isTrue();
        assertThat(roles.decide(decisions, caller(KENT, "data-protection-officer"), none()).allowed()).isTrue();
        for (String role : new String[] {"system", "social-worker", "custody-officer"}) {
            assertThat(roles.decide(decisions, caller(KENT, role), none()).allowed()).as(role).isFalse();
        }
        assertThat(certificateOnly.decide(decisions, Caller.of(KENT), none()).allowed())
                .as("until then: any partner, answered only what concerns it").isTrue();
    }

    @Test
    void theConcordatFiguresAreForForcesAndAuthoritiesAndTheAuditorOfAnyOrganisation() {
        Endpoint figures = Endpoint.get("/api/v1/custody-handovers/report");
        Organisation force = Organisation.parseId("police:kent");
        assertThat(roles.decide(figures, caller(force, "custody-officer"), none()).allowed()).isTrue();
        assertThat(roles.decide(figures, caller(KENT, "edt-social-worker"), none()).allowed()).isTrue();
        Organisation school = Organisation.parseId("school:118000");
        assertThat(roles.decide(figures, caller(school, "auditor"), none()).allowed()).isTrue();
        assertThat(roles.decide(figures, caller(school, "system"), none()).allowed()).isFalse();
        assertThat(certificateOnly.decide(figures, Caller.of(school), none()).allowed()).isFalse();
    }

    @Test
    void forcesAndCouncilsReportMissingChildrenSchoolsAndHealthDoNot() {
        Endpoint report = Endpoint.post("/api/v1/missing-episodes");
        Organisation force = Organisation.parseId("police:kent");
        assertThat(roles.decide(report, caller(force, "system"), none()).allowed()).isTrue();
        assertThat(roles.decide(report, caller(force, "custody-officer"), none()).allowed())
                .as("a force's own system sends its reports").isFalse();
        for (String role : new String[] {"system", "social-worker", "edt-social-worker"}) {
            assertThat(roles.decide(report, caller(KENT, role), none()).allowed()).as(role).isTrue();
        }
        assertThat(roles.decide(report, caller(KENT, "auditor"), none()).allowed()).isFalse();
        for (String other : new String[] {"school:118000", "health:LAC887"}) {
            assertThat(certificateOnly.decide(report, Caller.of(Organisation.parseId(other)), none()).allowed())
                    .as(other).isFalse();
            assertThat(roles.decide(report, caller(Organisation.parseId(other), "system"), none()).allowed())
                    .as(other).isFalse();
        }
        assertThat(certificateOnly.decide(Endpoint.get("/api/v1/missing-episodes/held"), Caller.of(force), none())
                .allowed()).isTrue();
    }

    private static Caller caller(Organisation organisation, String role) {
        return Caller.of(organisation).withRoles(Set.of(role));
    }

    private static Function<String, String> none() {
        return p -> null;
    }
}
