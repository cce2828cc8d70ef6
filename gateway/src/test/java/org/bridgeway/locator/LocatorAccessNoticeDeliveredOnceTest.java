package org.bridgeway.locator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.delivery.MailboxMessage;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.locator.ResponsibleAuthorityLocator.ChildKeys;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.testing.GatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A matched query's access notice reaches the responsible authority's mailbox exactly once: raised from the row the
 * query wrote, after a restart that found it pending, and not again when the row is raised a second time (a crash
 * between the pipeline and the mark), and when the entry was withdrawn before the relay ran: the row holds what the
 * notice says. An unanswered query tells nobody. The sweep forgets raised rows.
 */
class LocatorAccessNoticeDeliveredOnceTest {
    private static final String KENT = "local-authority:886";

    @TempDir
    Path data;

    @Test
    void theAccessNoticeOfAMatchedQueryIsDeliveredOnceAcrossARestart() throws Exception {
        String queryId;
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            gateway.locatorAccessRelay().close(); // the query's row stays pending until the next start
            LocatorQueries queries = queries(gateway);
            registrations(gateway).register(new LocatorRegistrations.Registration(new DfeLaCode("886"),
                    "KCC/LAC/77", Involvement.LOOKED_AFTER, LocalDate.parse("2025-04-01"), Optional.empty(),
                    Optional.empty(), new ChildKeys(Optional.of(NhsNumber.parse("9990000018")), Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.empty()), List.of()));
            LocatorQueries.Asker sergeant = new LocatorQueries.Asker(
                    Organisation.parseId("police:greater-manchester"), "sgt.amberley");
            queryId = queries.ask(sergeant, "CUSTODY_PACE_TRANSFER", "CR/0042/26",
                    keys("9990000018")).queryId();
            assertThat(queries.ask(sergeant, "CUSTODY_PACE_TRANSFER", "CR/0043/26", keys("9990000026")))
                    .isInstanceOf(LocatorQueries.Unknown.class);
            assertThat(gateway.mailboxes().count(KENT)).isZero();
        }
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            gateway.locatorAccessRelay().relayPending(); // what the pass at start does, if it has not already
            List<MailboxMessage> told = gateway.mailboxes().list(KENT, 10);
            assertThat(told).singleElement().satisfies(m -> {
                assertThat(m.exchangeType()).isEqualTo("locator-access");
                assertThat(m.sender()).isEqualTo("police:greater-manchester");
                assertThat(m.idempotencyKey()).isEqualTo("locator-access|" + queryId);
            });
            String body = new String(gateway.mailboxes().fetch(KENT, told.get(0).messageId()).orElseThrow()
                    .payload(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).contains("CR/0042/26", "sgt.amberley", "CUSTODY_PACE_TRANSFER", "KCC/LAC/77")
                    .doesNotContain("9990000018");

            // raised again, as after a crash between the pipeline and the mark: a duplicate, not a second notice
            try (Connection c = gateway.dataSource().getConnection();
                 PreparedStatement s = c.prepareStatement("UPDATE locator_access SET raised_at = NULL,"
                         + " case_reference = 'CR/0042/26'")) {
                s.executeUpdate();
            }
            assertThat(gateway.locatorAccessRelay().relayPending()).isEqualTo(1);
            assertThat(gateway.mailboxes().count(KENT)).isEqualTo(1);
            try (Connection c = gateway.dataSource().getConnection();
                 PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM locator_access"
                         + " WHERE raised_at IS NULL OR case_reference IS NOT NULL");
                 var r = s.executeQuery()) {
                r.next();
                assertThat(r.getInt(1)).as("raised, and the case reference forgotten").isZero();
            }
        }
    }

    @Test
    void theAccessNoticeIsDeliveredOnceEvenWhenTheEntryIsWithdrawnBeforeTheRelayAndTheSweepForgetsTheRaisedRow()
            throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            gateway.locatorAccessRelay().close(); // this test raises the rows itself
            LocatorQueries queries = queries(gateway);
            LocatorRegistrations registrations = registrations(gateway);
            registrations.register(looked("KCC/LAC/88", "9990000018"));
            registrations.register(looked("KCC/LAC/89", "9990000026"));
            LocatorQueries.Asker sergeant = new LocatorQueries.Asker(
                    Organisation.parseId("police:greater-manchester"), "sgt.amberley");
            String withdrawnQuery = queries.ask(sergeant, "CUSTODY_PACE_TRANSFER", "CR/0044/26",
                    keys("9990000018")).queryId();
            assertThat(registrations.withdraw(new DfeLaCode("886"), "KCC/LAC/88")).isPresent();

            assertThat(gateway.locatorAccessRelay().relayPending()).isEqualTo(1);
            List<MailboxMessage> told = gateway.mailboxes().list(KENT, 10);
            assertThat(told).singleElement().satisfies(m ->
                    assertThat(m.idempotencyKey()).isEqualTo("locator-access|" + withdrawnQuery));
            String body = new String(gateway.mailboxes().fetch(KENT, told.get(0).messageId()).orElseThrow()
                    .payload(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).contains("CR/0044/26", "sgt.amberley", "KCC/LAC/88", "LOOKED_AFTER", "2025-04-01");
            assertThat(gateway.locatorAccessRelay().relayPending()).isZero();
            assertThat(gateway.mailboxes().count(KENT)).isEqualTo(1);

            // the sweep forgets the raised row (it names who asked) and keeps the one not yet raised
            queries.ask(sergeant, "CUSTODY_PACE_TRANSFER", "CR/0045/26", keys("9990000026"));
            new LocatorSweep(gateway.locatorIndex(), gateway.locatorAccessRelay(), java.time.Clock.systemUTC())
                    .pass();
            assertThat(accessRows(gateway, "raised_at IS NOT NULL")).isZero();
            assertThat(accessRows(gateway, "raised_at IS NULL")).isEqualTo(1);
            assertThat(gateway.locatorAccessRelay().relayPending()).isEqualTo(1);
            assertThat(gateway.mailboxes().count(KENT)).isEqualTo(2);
        }
    }

    private static LocatorRegistrations.Registration looked(String reference, String nhs) {
        return new LocatorRegistrations.Registration(new DfeLaCode("886"), reference, Involvement.LOOKED_AFTER,
                LocalDate.parse("2025-04-01"), Optional.empty(), Optional.empty(), keys(nhs), List.of());
    }

    private static int accessRows(Gateway gateway, String where) throws Exception {
        try (Connection c = gateway.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM locator_access WHERE " + where);
             var r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    private static ChildKeys keys(String nhs) {
        return new ChildKeys(Optional.of(NhsNumber.parse(nhs)), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private static LocatorKeys locatorKeys(Gateway gateway) {
        return new LocatorKeys(KeyedDigest.loadOrCreate(gateway.config().dataDirectory().resolve("keys"),
                LocatorKeys.KEY_FILE));
    }

    private static LocatorQueries queries(Gateway gateway) {
        return new LocatorQueries(gateway.locatorIndex(), locatorKeys(gateway),
                new LocatorLimits(gateway.dataSource(), LocatorSettings.DEFAULTS, java.time.Clock.systemUTC()), gateway.auditLog(),
                java.time.Clock.systemUTC());
    }

    private static LocatorRegistrations registrations(Gateway gateway) {
        return new LocatorRegistrations(gateway.locatorIndex(), locatorKeys(gateway), gateway.auditLog(),
                java.time.Clock.systemUTC());
    }
}
