package org.bridgeway.locator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.locator.LocatorQueries.Asker;
import org.bridgeway.locator.LocatorQueries.Known;
import org.bridgeway.locator.LocatorQueries.Refused;
import org.bridgeway.locator.ResponsibleAuthorityLocator.ChildKeys;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.Postcode;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.PostgresServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The locator index on a running gateway's database, embedded H2 and a real PostgreSQL: it answers only an exact NHS
 * number or the exact name, date of birth and postcode together, nothing on a lesser match or when the keys may name
 * two children (entries not tied together by one NHS number); an entry expires the retention after its involvement ends and is swept; registrations and withdrawals
 * change what it answers; every query is one audit entry holding no key's input; a caller asking too much or
 * missing too often is refused, and the refusal is audited.
 */
class LocatorAnswersOnlyAnExactMatchTest {
    private static final Instant NOW = Instant.parse("2026-12-03T01:30:00Z");
    private static final DfeLaCode KENT = new DfeLaCode("886");
    private static final DfeLaCode MANCHESTER = new DfeLaCode("352");
    private static final Asker CUSTODY = new Asker(Organisation.parseId("police:greater-manchester"), "sgt.amberley");
    private static final String NHS = "9990000018";

    @TempDir
    Path data;

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
    }

    private GatewayFixture start(String database, AdjustableClock clock) {
        return GatewayFixture.start(database.equals("H2") ? GatewayFixture.config(data)
                : GatewayFixture.config(data, PostgresServer.newDatabase()), clock);
    }

    private static ChildKeys byNhs(String nhs) {
        return new ChildKeys(Optional.of(NhsNumber.parse(nhs)), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private static ChildKeys byName(String given, String family, String born, String postcode) {
        return new ChildKeys(Optional.empty(), Optional.of(given), Optional.of(family),
                Optional.of(LocalDate.parse(born)), Optional.of(Postcode.parse(postcode)));
    }

    private static LocatorRegistrations.Registration riley(String reference, Optional<String> nhs,
                                                           Optional<LocalDate> ended) {
        return new LocatorRegistrations.Registration(KENT, reference, Involvement.CHILD_PROTECTION_PLAN,
                LocalDate.parse("2026-02-01"), ended, Optional.of(MANCHESTER), new ChildKeys(
                        nhs.map(NhsNumber::parse), Optional.of("Riley"), Optional.of("Sampleton"),
                        Optional.of(LocalDate.parse("2009-11-02")), Optional.empty()),
                List.of(Postcode.parse("ME14 2LP"), Postcode.parse("M13 9PL")));
    }

    private record Locator(LocatorQueries queries, LocatorRegistrations registrations, Gateway gateway) {
        LocatorQueries.Answer ask(ChildKeys child) {
            return queries.ask(CUSTODY, "CUSTODY_PACE_TRANSFER", "CR/0042/26", child);
        }

        List<AuditRecord> audited(String queryId) {
            return gateway.auditLog().entriesFor(queryId);
        }
    }

    private static Locator locator(Gateway gateway, AdjustableClock clock, LocatorSettings settings) {
        LocatorKeys keys = new LocatorKeys(KeyedDigest.loadOrCreate(gateway.config().dataDirectory().resolve("keys"),
                LocatorKeys.KEY_FILE));
        LocatorIndex index = gateway.locatorIndex();
        return new Locator(new LocatorQueries(index, keys, new LocatorLimits(gateway.dataSource(), settings, clock), gateway.auditLog(),
                clock), new LocatorRegistrations(index, keys, gateway.auditLog(), clock), gateway);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void onlyAnExactNhsNumberOrTheExactNameBirthAndPostcodeTogetherAreAnswered(String database) {
        AdjustableClock clock = new AdjustableClock(NOW);
        try (GatewayFixture fixture = start(database, clock)) {
            Locator locator = locator(fixture.gateway(), clock, LocatorSettings.DEFAULTS);
            locator.registrations().register(riley("KCC/CP/1001", Optional.of(NHS), Optional.empty()));

            LocatorQueries.Answer byNhs = locator.ask(byNhs(NHS));
            assertThat(byNhs).isInstanceOf(Known.class);
            Known known = (Known) byNhs;
            assertThat(known.entry().entry().responsibleAuthority()).isEqualTo(KENT);
            assertThat(known.entry().entry().hostAuthority()).contains(MANCHESTER);
            assertThat(known.keyUsed()).isEqualTo(LocatorKeys.Kind.NHS_NUMBER);
            // every postcode known for the child, and names folded for case, accents and punctuation
            assertThat(locator.ask(byName("Riley", "Sampleton", "2009-11-02", "ME14 2LP"))).isInstanceOf(Known.class);
            assertThat(locator.ask(byName("RILEY", "sampleton", "2009-11-02", "m139pl"))).isInstanceOf(Known.class);

            for (ChildKeys lesser : List.of(
                    byName("Ril", "Sampleton", "2009-11-02", "ME14 2LP"),     // a partial name
                    byName("Riley", "Sampleton", "2009-11-03", "ME14 2LP"),   // another date of birth
                    byName("Riley", "Sampleton", "2009-11-02", "ME14 2LQ"),   // another postcode
                    new ChildKeys(Optional.empty(), Optional.of("Riley"), Optional.of("Sampleton"),
                            Optional.of(LocalDate.parse("2009-11-02")), Optional.empty()), // no postcode
                    byNhs("9990000026"))) {                                   // another child's NHS number
                assertThat(locator.ask(lesser)).as(lesser.toString()).isInstanceOf(LocatorQueries.Unknown.class);
            }

            // two children of one name, birth and postcode (different NHS numbers): the name names nobody
            locator.registrations().register(riley("KCC/CP/1002", Optional.of("9990000026"), Optional.empty()));
            assertThat(locator.ask(byName("Riley", "Sampleton", "2009-11-02", "ME14 2LP")))
                    .isInstanceOf(LocatorQueries.Unknown.class);
            assertThat(locator.ask(byNhs(NHS))).as("the NHS number still names one").isInstanceOf(Known.class);
            // withdrawn: the name names one child again; withdrawn twice: nothing to withdraw
            assertThat(locator.registrations().withdraw(KENT, "KCC/CP/1002")).isPresent();
            assertThat(locator.registrations().withdraw(KENT, "KCC/CP/1002")).isEmpty();
            assertThat(locator.ask(byName("Riley", "Sampleton", "2009-11-02", "ME14 2LP"))).isInstanceOf(Known.class);
            assertThat(locator.ask(byNhs("9990000026"))).isInstanceOf(LocatorQueries.Unknown.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNameBirthAndPostcodeOnEntriesNotTiedByOneNhsNumberNamesNobody(String database) {
        AdjustableClock clock = new AdjustableClock(NOW);
        try (GatewayFixture fixture = start(database, clock)) {
            Locator locator = locator(fixture.gateway(), clock, LocatorSettings.DEFAULTS);
            ChildKeys riley = byName("Riley", "Sampleton", "2009-11-02", "ME14 2LP");
            locator.registrations().register(riley("KCC/CP/5001", Optional.empty(), Optional.empty()));
            assertThat(locator.ask(riley)).as("one entry, no NHS number").isInstanceOf(Known.class);

            // two entries, neither with an NHS number: perhaps two children
            locator.registrations().register(riley("KCC/CP/5002", Optional.empty(), Optional.empty()));
            assertThat(locator.ask(riley)).isInstanceOf(LocatorQueries.Unknown.class);

            // one with an NHS number, one without: perhaps two children still
            locator.registrations().register(riley("KCC/CP/5002", Optional.of(NHS), Optional.empty()));
            assertThat(locator.ask(riley)).isInstanceOf(LocatorQueries.Unknown.class);
            assertThat(locator.ask(byNhs(NHS))).as("the NHS number names one").isInstanceOf(Known.class);

            // both with the one NHS number: one child's two entries
            locator.registrations().register(riley("KCC/CP/5001", Optional.of(NHS), Optional.empty()));
            assertThat(locator.ask(riley)).isInstanceOf(Known.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyQueryIsOneAuditEntryWithDigestsOnlyAndTheSameReferenceRegisteredAgainIsOneEntry(String database) {
        AdjustableClock clock = new AdjustableClock(NOW);
        try (GatewayFixture fixture = start(database, clock)) {
            Locator locator = locator(fixture.gateway(), clock, LocatorSettings.DEFAULTS);
            LocatorRegistrations.Registered first = locator.registrations().register(
                    riley("KCC/CP/2001", Optional.of(NHS), Optional.empty()));
            LocatorRegistrations.Registered again = locator.registrations().register(
                    riley("KCC/CP/2001", Optional.of(NHS), Optional.empty()));
            assertThat(first.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.entryId()).isEqualTo(first.entryId());

            Known known = (Known) locator.ask(byName("Riley", "Sampleton", "2009-11-02", "M13 9PL"));
            List<AuditRecord> entries = locator.audited(known.queryId());
            assertThat(entries).singleElement().satisfies(r -> {
                assertThat(r.field("type")).isEqualTo("LOCATOR_QUERIED");
                assertThat(r.entryJson()).contains("\"known\":true", "\"keyUsed\":\"NAME_BIRTH_POSTCODE\"",
                        first.entryId(), "CUSTODY_PACE_TRANSFER", "police:greater-manchester")
                        .doesNotContain("Riley", "Sampleton", "2009-11-02", "M13", "CR/0042/26");
            });
            String unknown = locator.ask(byNhs("9990000026")).queryId();
            assertThat(locator.audited(unknown)).singleElement().satisfies(r -> assertThat(r.entryJson())
                    .contains("\"known\":false", "\"keysGiven\":\"NHS_NUMBER\"").doesNotContain("9990000026"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anEntryIsAnsweredUntilTheRetentionAfterItsEndThenNeverAndIsSwept(String database) {
        AdjustableClock clock = new AdjustableClock(NOW);
        try (GatewayFixture fixture = start(database, clock)) {
            Locator locator = locator(fixture.gateway(), clock, LocatorSettings.DEFAULTS);
            locator.registrations().register(riley("KCC/CP/3001", Optional.of(NHS),
                    Optional.of(LocalDate.parse("2026-11-30"))));
            Known ended = (Known) locator.ask(byNhs(NHS));
            assertThat(ended.entry().entry().endedOn()).contains(LocalDate.parse("2026-11-30"));

            clock.advance(Duration.ofDays(365)); // 2027-12-03: past 12 months after the end
            assertThat(locator.ask(byNhs(NHS))).isInstanceOf(LocatorQueries.Unknown.class);
            assertThat(fixture.gateway().locatorIndex().sweep(clock.instant())).isEqualTo(1);
            assertThat(fixture.gateway().locatorIndex().sweep(clock.instant())).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCallerAskingTooMuchOrMissingTooOftenIsRefusedAndTheRefusalIsAudited(String database) {
        AdjustableClock clock = new AdjustableClock(NOW);
        try (GatewayFixture fixture = start(database, clock)) {
            Locator locator = locator(fixture.gateway(), clock,
                    new LocatorSettings(Period.ofMonths(12), 60, 3, 4, Duration.ofMinutes(10)));
            locator.registrations().register(riley("KCC/CP/4001", Optional.of(NHS), Optional.empty()));
            for (int i = 0; i < 3; i++) {
                assertThat(locator.ask(byNhs(NHS))).isInstanceOf(Known.class);
            }
            Refused tooMany = (Refused) locator.ask(byNhs(NHS));
            assertThat(tooMany.rule()).isEqualTo(LocatorLimits.RATE_LIMITED);
            assertThat(tooMany.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            assertThat(locator.audited(tooMany.queryId())).singleElement()
                    .satisfies(r -> assertThat(r.field("type")).isEqualTo("LOCATOR_REFUSED"));

            clock.advance(Duration.ofSeconds(5)); // five more tokens, three kept (the burst)
            String tripped = null;
            for (int i = 0; i < 3; i++) {
                tripped = locator.ask(byName("Riley", "Sampleton", "2009-11-0" + (3 + i), "ME14 2LP")).queryId();
            }
            clock.advance(Duration.ofSeconds(1));
            String fourthMiss = locator.ask(byNhs("9990000026")).queryId();
            assertThat(locator.audited(fourthMiss)).extracting(r -> r.field("type"))
                    .containsExactly("LOCATOR_QUERIED", "LOCATOR_REFUSED");
            assertThat(locator.audited(fourthMiss).get(1).entryJson()).contains("locator.probing");
            clock.advance(Duration.ofMinutes(1));
            Refused probing = (Refused) locator.ask(byNhs(NHS));
            assertThat(probing.rule()).isEqualTo(LocatorLimits.PROBING);
            assertThat(probing.retryAfter()).isEqualTo(Duration.ofMinutes(9));
            assertThat(tripped).isNotNull();

            clock.advance(Duration.ofMinutes(10));
            assertThat(locator.ask(byNhs(NHS))).as("the window has passed").isInstanceOf(Known.class);
        }
    }
}
