package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.bridgeway.api.ApiAuthorisation.Endpoint;
import org.bridgeway.model.Organisation;
import org.bridgeway.pki.DevelopmentPki;
import org.junit.jupiter.api.Test;

/**
 * The authorisation policy on its own, including the cells that need token roles, which the running gateway
 * cannot reach until the token check is composed in (see {@link ApiAuthorisationMatrixTest}).
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
    void anEmergencyDutyTeamSpeaksForItsAuthorityButDoesNotFileItsReturn() {
        Caller edt = new Caller(KENT, "local-authority:886/edt", Optional.of(DevelopmentPki.EMERGENCY_DUTY_TEAM),
                Set.of(), Optional.empty());
        assertThat(certificateOnly.decide(LIST, edt, Map.of("organisation", KENT.id())::get).allowed()).isTrue();
        assertThat(certificateOnly.decide(Endpoint.post("/api/v1/ssda903/returns"), edt, none()).allowed()).isFalse();
        assertThat(certificateOnly.decide(Endpoint.post("/api/v1/ssda903/returns"), Caller.of(KENT), none())
                .allowed()).isTrue();
    }

    private static Caller caller(Organisation organisation, String role) {
        return Caller.of(organisation).withRoles(Set.of(role));
    }

    private static Function<String, String> none() {
        return p -> null;
    }
}
