package org.bridgeway.locator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.locator.ResponsibleAuthorityLocator.ChildKeys;
import org.bridgeway.locator.ResponsibleAuthorityLocator.Located;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.Postcode;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placement notices fill the locator index in their own audit transaction: a start makes the child looked after by
 * the placing authority, placed in the host authority; a move to another area changes the host and keeps the start;
 * an end ends the involvement (the gateway's own locator no longer names the authority; a query still shows the
 * ended involvement until it expires). The child is found by its NHS number and by its name, date of birth and home
 * postcode, never by its placement's postcode (domain note C2). A refused notice changes nothing.
 */
class PlacementsFillTheLocatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-03T01:30:00Z");

    @TempDir
    Path data;

    @Test
    void aStartAMoveAndAnEndAreWhatTheLocatorAnswers() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            ChildKeys byNhs = new ChildKeys(Optional.of(NhsNumber.parse("9990000018")), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
            assertThat(gateway.locator().locate(byNhs, AT)).isEmpty();

            submit(gateway, sample("fill/start", "2026-09-01"));
            Located started = gateway.locator().locate(byNhs, AT).orElseThrow();
            assertThat(started).isEqualTo(new Located(new DfeLaCode("886"), Optional.of(new DfeLaCode("352")),
                    "LOOKED_AFTER", LocalDate.parse("2026-09-01"), Optional.empty()));
            assertThat(gateway.locator().locate(byName("ME14 2LP"), AT)).as("the home postcode").contains(started);
            assertThat(gateway.locator().locate(byName("M13 9PL"), AT))
                    .as("a guessed placement postcode is never confirmed").isEmpty();

            ObjectNode move = sample("fill/move", "2026-10-05");
            ((ObjectNode) move.get("placement")).put("event", "CHANGED").put("change", "MOVED_AREA")
                    .put("endDate", "2026-10-05").put("previousLocalAuthority", "352").put("postcode", "LS6 3AB");
            // as the placement API does: the change to those told of Manchester, then the start in Leeds
            PlacementNotice moved = submit(gateway, move);
            assertThat(gateway.submit(moved.newAreaStart(UUID.randomUUID().toString()).orElseThrow()).duplicate())
                    .isFalse();
            assertThat(gateway.locator().locate(byNhs, AT)).contains(new Located(new DfeLaCode("886"),
                    Optional.of(new DfeLaCode("383")), "LOOKED_AFTER", LocalDate.parse("2026-09-01"),
                    Optional.empty()));
            assertThat(gateway.locator().locate(byName("LS6 3AB"), AT)).as("nor the new placement's").isEmpty();

            ObjectNode end = sample("fill/end", "2026-10-05");
            ((ObjectNode) end.get("placement")).put("event", "ENDED").put("endDate", "2026-11-27")
                    .put("endReason", "E4A").put("postcode", "LS6 3AB");
            submit(gateway, end);
            assertThat(gateway.locator().locate(byNhs, Instant.parse("2026-11-27T12:00:00Z")))
                    .as("on its last day").contains(new Located(new DfeLaCode("886"),
                    Optional.of(new DfeLaCode("383")), "LOOKED_AFTER", LocalDate.parse("2026-09-01"),
                    Optional.of(LocalDate.parse("2026-11-27"))));
            assertThat(gateway.locator().locate(byNhs, AT)).as("ended: no longer responsible").isEmpty();
            assertThat(gateway.locatorIndex().find(Optional.of(new LocatorKeys.Key(LocatorKeys.Kind.NHS_NUMBER,
                    keys(gateway).nhs(NhsNumber.parse("9990000018")))), Optional.empty(), AT).entry())
                    .as("still answered to a query until it expires").isPresent();
        }
    }

    private static LocatorKeys keys(Gateway gateway) {
        return new LocatorKeys(org.bridgeway.audit.KeyedDigest.loadOrCreate(gateway.config().dataDirectory()
                .resolve("keys"), LocatorKeys.KEY_FILE));
    }

    private static ChildKeys byName(String postcode) {
        return new ChildKeys(Optional.empty(), Optional.of("Riley"), Optional.of("Sampleton"),
                Optional.of(LocalDate.parse("2009-11-02")), Optional.of(Postcode.parse(postcode)));
    }

    private static PlacementNotice submit(Gateway gateway, ObjectNode doc) throws Exception {
        JsonIntakeResult read = new PlacementJsonIntake(gateway.reference(), () -> UUID.randomUUID().toString())
                .parse(JSON.writeValueAsBytes(doc));
        PlacementNotice notice = (PlacementNotice) ((JsonIntakeResult.Accepted) read).notice();
        assertThat(gateway.submit(notice).duplicate()).isFalse();
        return notice;
    }

    /** The sample placement in Manchester (Kent's child, NHS 9990000018), under its own reference. */
    private static ObjectNode sample(String reference, String startDate) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(GatewayFixture.samples().resolve("placements")
                .resolve("01-emergency-placement-manchester.json"), StandardCharsets.UTF_8));
        doc.put("sourceReference", "kent-cms/locator/" + reference);
        ((ObjectNode) doc.get("placement")).put("startDate", startDate);
        return doc;
    }
}
