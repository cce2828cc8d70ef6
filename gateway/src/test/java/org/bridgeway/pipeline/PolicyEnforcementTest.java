package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bridgeway.adapters.Digests;
import org.bridgeway.adapters.fhir.FhirPlacementRenderer;
import org.bridgeway.adapters.json.JsonNoticeRenderer;
import org.bridgeway.model.ExclusionReason;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.policy.PolicyDecision;
import org.bridgeway.policy.PolicyInput;
import org.bridgeway.policy.ReloadablePolicy;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticExclusions;
import org.bridgeway.testing.SyntheticExclusions.Pupil;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;

/**
 * The policy enforcement point without a gateway: the shipped agreements, decided by the embedded engine, applied to
 * the recipients the shipped registrations name. Each allowed recipient receives exactly the permitted fields in its
 * format; a denied one receives nothing; every decision is kept, with its own id, for the decision and audit logs.
 */
class PolicyEnforcementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReferenceData REFERENCE = ReferenceData.shipped();
    /** A day on which both the placement (ISA-PN-2025) and the exclusion (ISA-EX-2026) agreements are in force. */
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final ReloadablePolicy POLICY =
            new ReloadablePolicy(GatewayFixture.projectRoot().resolve("policies").resolve("agreements"));
    private static final Pupil PUPIL = new Pupil("840400121106", null, "Linnet", "Fairbrook", LocalDate.of(2010, 6, 16));

    private final Exchanges exchanges = Exchanges.shipped();
    private final RecipientResolver resolver = new RecipientResolver(REFERENCE, exchanges);

    private Dispatch decided(Notice notice, Instant at) {
        PolicyEnforcement enforcement = new PolicyEnforcement(POLICY,
                new Renderers(exchanges, new JsonNoticeRenderer()), Clock.fixed(at, ZoneOffset.UTC));
        return enforcement.decide(resolver.resolve(Dispatch.received(notice, at)));
    }

    @Test
    void everyAllowedRecipientReceivesThePermittedFieldsAndNoWithheldValueInItsFormat() {
        PlacementNotice notice = SyntheticPlacements.notice(REFERENCE, SyntheticPlacements.EVERY_FIELD.get(0));
        Dispatch dispatch = decided(notice, NOW);

        assertThat(dispatch.disclosures()).extracting(d -> d.recipient().id())
                .containsExactly("police:greater-manchester", "local-authority:352", "health:LAC352");
        assertThat(dispatch.disclosures()).allMatch(Disclosure::allowed);
        assertThat(dispatch.disclosures()).as("the agreement withholds something from someone")
                .anyMatch(d -> !d.decision().withheldFields().isEmpty());
        for (Disclosure d : dispatch.disclosures()) {
            PolicyDecision expected = POLICY.decide(PolicyInput.of(notice, d.recipient().organisation(),
                    d.recipient().relation(), LocalDate.of(2026, 6, 1)));
            assertThat(d.decision().permittedFields()).isEqualTo(expected.permittedFields());
            assertThat(d.decision().withheldFields()).isEqualTo(expected.withheldFields());
            assertThat(d.delivery().recipient()).isEqualTo(d.recipient().id());
            assertThat(d.delivery().exchangeId()).isEqualTo(notice.exchangeId());
            assertThat(d.delivery().idempotencyKey()).isEqualTo(notice.idempotencyKey());
            assertThat(d.payloadDigest()).isEqualTo(Digests.sha256(d.delivery().payload()));
            String payload = new String(d.delivery().payload(), StandardCharsets.UTF_8);
            for (String withheld : d.decision().withheldFields()) {
                String value = notice.fields().get(withheld);
                assertThat(payload).as("%s to %s", withheld, d.recipient().id()).doesNotContain("\"" + value + "\"");
                if (value.length() >= 4) {
                    assertThat(payload).as("%s to %s", withheld, d.recipient().id()).doesNotContain(value);
                }
            }
            if (d.recipient().id().startsWith("health:")) {
                assertThat(d.delivery().format()).isEqualTo(new FhirPlacementRenderer().format());
            } else {
                assertThat(d.delivery().format()).isEqualTo(new JsonNoticeRenderer().format());
                assertThat(renderedFields(d.delivery().payload()))
                        .containsExactlyInAnyOrderElementsOf(d.decision().permittedFields());
            }
        }
    }

    @Test
    void aDeniedRecipientReceivesNothingAndItsDenialIsKeptWithItsReasons() {
        Dispatch dispatch = decided(SyntheticExclusions.permanent(SyntheticExclusions.DURHAM, PUPIL,
                LocalDate.of(2026, 5, 20), ExclusionReason.OW), NOW);

        assertThat(dispatch.disclosures()).extracting(d -> d.recipient().id())
                .containsExactly("local-authority:840", "police:durham");
        Disclosure police = dispatch.disclosures().get(1);
        assertThat(police.allowed()).isFalse();
        assertThat(police.delivery()).isNull();
        assertThat(police.payloadDigest()).isNull();
        assertThat(police.decisionId()).isNotBlank();
        assertThat(police.decision().reasons()).anyMatch(r -> r.contains("is not listed as a police party"));
        assertThat(dispatch.deliveries()).extracting(org.bridgeway.delivery.Delivery::recipient)
                .containsExactly("local-authority:840");
    }

    @Test
    void eachDecisionIsMadeForTheDayOfTheClockAndHasItsOwnId() {
        Notice notice = SyntheticExclusions.permanent(SyntheticExclusions.EXMOOR_VALE, PUPIL,
                LocalDate.of(2026, 3, 2), ExclusionReason.DR);

        Dispatch inForce = decided(notice, NOW);
        assertThat(inForce.disclosures()).allMatch(Disclosure::allowed);
        assertThat(inForce.disclosures()).extracting(Disclosure::decidedAt).containsOnly(NOW);
        assertThat(inForce.disclosures()).extracting(Disclosure::decisionId).doesNotHaveDuplicates();
        assertThat(inForce.disclosures()).extracting(Disclosure::inputDigest).containsExactlyElementsOf(
                inForce.recipients().stream().map(r -> PolicyInput.of(notice, r.organisation(), r.relation(),
                                LocalDate.of(2026, 6, 1)).digest())
                        .toList());

        // ISA-EX-2026 comes into force on 1 April 2026: the day before, nobody may be told
        Dispatch before = decided(notice, Instant.parse("2026-03-31T10:00:00Z"));
        assertThat(before.disclosures()).isNotEmpty().noneMatch(Disclosure::allowed);
        assertThat(before.deliveries()).isEmpty();
    }

    @Test
    void minimisationKeepsExactlyThePermittedFieldsThatArePresentInTheNoticesOrder() {
        PlacementNotice notice = SyntheticPlacements.notice(REFERENCE, SyntheticPlacements.EVERY_FIELD.get(0));
        Organisation police = Organisation.parseId("police:greater-manchester");
        List<String> present = new ArrayList<>(notice.fields().keySet());
        Set<String> permitted = Set.of(present.get(3), present.get(1), "no.such.field");

        MinimisedNotice minimised = Minimiser.minimise(notice, police, permitted, NOW);

        assertThat(minimised.fields().keySet()).containsExactly(present.get(1), present.get(3));
        assertThat(minimised.fields()).containsEntry(present.get(1), notice.fields().get(present.get(1)));
        assertThat(minimised.recipient()).isEqualTo(police);
        assertThat(minimised.exchangeId()).isEqualTo(notice.exchangeId());
        assertThat(Minimiser.minimise(notice, police, Set.of(), NOW).fields()).isEmpty();
    }

    /** The dotted names of the fields a JSON rendering carries under {@code notice}. */
    private static Set<String> renderedFields(byte[] payload) {
        try {
            Set<String> names = new LinkedHashSet<>();
            collect("", JSON.readTree(payload).path("notice"), names);
            return names;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void collect(String prefix, JsonNode node, Set<String> names) {
        if (!node.isObject()) {
            names.add(prefix);
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            collect(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), names);
        }
    }
}
