package org.bridgeway.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.locator.ResponsibleAuthorityLocator;
import org.bridgeway.model.ChildIdentity;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.CustodyHandoverNotice.AccommodationType;
import org.bridgeway.model.CustodyHandoverNotice.BailRefusalGround;
import org.bridgeway.model.CustodyHandoverNotice.CertificateLimb;
import org.bridgeway.model.CustodyHandoverNotice.ReasonCategory;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.HandoverDecision;
import org.bridgeway.model.HandoverStep;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.Postcode;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.Database;
import org.bridgeway.store.DatabasePassword;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The handover ledger's writes on a real database (H2; PostgreSQL too for the races and closures), run as the audit
 * transaction runs them: the request records the handover and its asked authorities and schedules its deadlines; two
 * answers that both passed the ledger's check (neither saw the other) are settled by the conditional write, the
 * second refused naming the owner; a closure tells the deadlines to stop, and a second closure, an acknowledgement
 * after it, or a certificate worked out before an answer was accepted, is refused.
 */
class HandoverLedgerTest {
    private static final ReferenceData REFERENCE = ReferenceData.shipped();
    private static final AuthorityDirectory DIRECTORY = AuthorityDirectory.load(
            GatewayFixture.projectRoot().resolve("policies").resolve("directory"), REFERENCE);
    private static final Organisation KENT_POLICE = new Organisation(OrganisationType.POLICE_FORCE, "kent", null);
    private static final Organisation KENT = new Organisation(OrganisationType.LOCAL_AUTHORITY, "886", null);
    private static final Organisation MANCHESTER = new Organisation(OrganisationType.LOCAL_AUTHORITY, "352", null);
    private static final OffsetDateTime REQUESTED = OffsetDateTime.parse("2026-12-04T01:30:00Z");

    @TempDir
    Path data;
    private Database database;
    private CustodyHandovers handovers;
    private RecordingTimers timers;
    private HandoverLedger ledger;
    private int exchanges;

    @BeforeEach
    void open() {
        database = Database.open(Optional.empty(), "ignored", DatabasePassword.of("ignored"), data);
        handovers = new CustodyHandovers(database.dataSource());
        timers = new RecordingTimers();
        ledger = new HandoverLedger(handovers, new HandoverParties(REFERENCE, DIRECTORY,
                ResponsibleAuthorityLocator.NONE), timers);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    static Stream<String> databases() {
        return Stream.of("H2", "PostgreSQL");
    }

    /** The race and the closure are settled by the database's own locking: tried on both the gateway runs on. */
    private void use(String onDatabase) throws Exception {
        if (onDatabase.equals("PostgreSQL")) {
            database.close();
            PostgresServer.TestDatabase postgres = PostgresServer.newDatabase();
            database = Database.open(Optional.of(postgres.jdbcUrl()), postgres.user(),
                    DatabasePassword.of(postgres.password()), data);
            handovers = new CustodyHandovers(database.dataSource());
            ledger = new HandoverLedger(handovers, new HandoverParties(REFERENCE, DIRECTORY,
                    ResponsibleAuthorityLocator.NONE), timers);
        }
    }

    @Test
    void aRequestRecordsTheHandoverItsAskedAuthoritiesAndItsDeadlinesInOneTransaction() throws Exception {
        Dispatch requested = ledger.apply(Dispatch.received(request("KNT/26/1"), Instant.now()));
        CustodyHandoverNotice recorded = (CustodyHandoverNotice) requested.notice();
        String id = recorded.handoverId().orElseThrow();
        assertThat(handovers.byId(id)).as("nothing is written before the audit transaction").isEmpty();

        commit(requested);

        CustodyHandovers.Handover handover = handovers.byId(id).orElseThrow();
        assertThat(handover.state()).isEqualTo(CustodyHandovers.State.OPEN);
        assertThat(handover.parties()).extracting(p -> p.authority().value() + " " + p.relation())
                .containsExactly("886 suite-authority", "352 responsible-authority");
        assertThat(recorded.record().orElseThrow().responsibleFoundBy())
                .isEqualTo(CustodyHandoverNotice.ResponsibleFoundBy.HOME_POSTCODE);
        assertThat(timers.calls).containsExactly("requested " + id + " [886, 352]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoAnswersThatBothPassedTheCheckAreSettledByTheConditionalWrite(String onDatabase) throws Exception {
        use(onDatabase);
        String id = opened("KNT/26/2");
        Dispatch first = ledger.apply(Dispatch.received(answer(id, MANCHESTER), Instant.now()));
        Dispatch second = ledger.apply(Dispatch.received(answer(id, KENT), Instant.now()));

        commit(first);

        assertThatThrownBy(() -> commit(second)).isInstanceOfSatisfying(RuleRefused.class, r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.rule()).isEqualTo(CustodyHandovers.ALREADY_ANSWERED);
            assertThat(r.details()).containsEntry("owner", "352");
        });
        assertThat(handovers.byId(id).orElseThrow().owner().map(DfeLaCode::value)).contains("352");
        assertThat(timers.calls).filteredOn(c -> c.startsWith("answered")).containsExactly("answered " + id + " 352");
        assertThatThrownBy(() -> ledger.apply(Dispatch.received(answer(id, KENT), Instant.now())))
                .as("an answer that comes later is refused at once").isInstanceOfSatisfying(RuleRefused.class,
                        r -> assertThat(r.rule()).isEqualTo(CustodyHandovers.ALREADY_ANSWERED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aClosureStopsTheDeadlinesAndASecondIsRefused(String onDatabase) throws Exception {
        use(onDatabase);
        String id = opened("KNT/26/3");
        Dispatch transferred = ledger.apply(Dispatch.received(transferred(id, "EDT worker"), Instant.now()));
        Dispatch again = ledger.apply(Dispatch.received(transferred(id, "another worker"), Instant.now()));

        commit(transferred);

        assertThatThrownBy(() -> commit(again)).isInstanceOfSatisfying(RuleRefused.class,
                r -> assertThat(r.rule()).isEqualTo(CustodyHandovers.CLOSED));
        assertThat(handovers.byId(id).orElseThrow().state()).isEqualTo(CustodyHandovers.State.TRANSFERRED);
        assertThat(timers.calls).contains("closed " + id);
        assertThatThrownBy(() -> ledger.apply(Dispatch.received(answer(id, KENT), Instant.now())))
                .isInstanceOfSatisfying(RuleRefused.class, r -> assertThat(r.rule()).isEqualTo(CustodyHandovers.CLOSED));
    }

    @Test
    void theDeadlinesRunFromTheGatewaysReceiptNotFromABackdatedRequest() throws Exception {
        Instant receivedAt = REQUESTED.toInstant().plus(Duration.ofHours(5));
        commit(ledger.apply(Dispatch.received(request("KNT/26/4"), receivedAt)));

        assertThat(timers.requestedAt).containsExactly(receivedAt);
    }

    @Test
    void aStepStatedBeforeTheRequestIsRefused() throws Exception {
        String id = opened("KNT/26/5");
        CustodyHandoverNotice early = answer(id, MANCHESTER, REQUESTED.minusMinutes(1));

        assertThatThrownBy(() -> ledger.apply(Dispatch.received(early, Instant.now())))
                .isInstanceOfSatisfying(RuleRefused.class, r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.rule()).isEqualTo(HandoverLedger.STEP_BEFORE_REQUEST);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anAcknowledgementThatPassedTheCheckIsRefusedOnceTheHandoverIsClosed(String onDatabase) throws Exception {
        use(onDatabase);
        String id = opened("KNT/26/6");
        Dispatch acknowledged = ledger.apply(Dispatch.received(acknowledgement(id, KENT), Instant.now()));
        commit(ledger.apply(Dispatch.received(transferred(id, "EDT worker"), Instant.now())));

        assertThatThrownBy(() -> commit(acknowledged)).isInstanceOfSatisfying(RuleRefused.class, r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.rule()).isEqualTo(CustodyHandovers.CLOSED);
        });
        assertThat(handovers.byId(id).orElseThrow().parties()).allSatisfy(p ->
                assertThat(p.acknowledgedAt()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCertificateWorkedOutBeforeAnAnswerWasAcceptedIsRefusedRatherThanRecordedUntrue(String onDatabase) throws Exception {
        use(onDatabase);
        String id = opened("KNT/26/7");
        Dispatch certified = ledger.apply(Dispatch.received(certified(id), Instant.now()));
        assertThat(((CustodyHandoverNotice) certified.notice()).record().orElseThrow().authorityFailedToProvide())
                .as("nobody had answered when the ledger read it").contains(true);
        commit(ledger.apply(Dispatch.received(answer(id, MANCHESTER), Instant.now())));

        assertThatThrownBy(() -> commit(certified)).isInstanceOfSatisfying(RuleRefused.class, r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.rule()).isEqualTo(HandoverLedger.CHANGED);
        });
        assertThat(handovers.byId(id).orElseThrow().state()).isEqualTo(CustodyHandovers.State.ANSWERED);
    }

    private String opened(String reference) throws SQLException {
        Dispatch requested = ledger.apply(Dispatch.received(request(reference), Instant.now()));
        commit(requested);
        return ((CustodyHandoverNotice) requested.notice()).handoverId().orElseThrow();
    }

    /** Runs the dispatch's writes in one transaction, as the audit append does: all or nothing. */
    private void commit(Dispatch dispatch) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Dispatch.DecidedWrite write : dispatch.writes()) {
                    write.write(c, dispatch);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private CustodyHandoverNotice request(String reference) {
        ChildIdentity child = new ChildIdentity(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("Tamsin"), Optional.of("Quarrington"), Optional.of(LocalDate.parse("2011-03-01")),
                Optional.empty(), Optional.empty());
        OffsetDateTime charged = REQUESTED.minusMinutes(10);
        return new CustodyHandoverNotice("bx-" + ++exchanges, "key-" + reference, KENT_POLICE, HandoverStep.REQUESTED,
                REQUESTED, Optional.empty(), Optional.of(new CustodyHandoverNotice.Request(reference,
                "Margate custody suite", new DfeLaCode("886"), "Sgt 1234 Example", Optional.empty(), Optional.empty(),
                Optional.empty(), new CustodyHandoverNotice.Child(child, Optional.of(Postcode.parse("M1 1AA")),
                Optional.empty(), Optional.empty()), Optional.empty(), charged, Optional.empty(),
                List.of(BailRefusalGround.FAILURE_TO_APPEAR), AccommodationType.NON_SECURE, Optional.empty(),
                "Margate Magistrates' Court", charged.plusHours(9))), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private CustodyHandoverNotice answer(String id, Organisation authority) {
        return answer(id, authority, REQUESTED.plusMinutes(20));
    }

    private CustodyHandoverNotice acknowledgement(String id, Organisation authority) {
        return new CustodyHandoverNotice("bx-" + ++exchanges, "key-" + exchanges, authority,
                HandoverStep.ACKNOWLEDGED, REQUESTED.plusMinutes(5), Optional.of(id), Optional.empty(),
                Optional.of(new CustodyHandoverNotice.Acknowledgement("EDT duty worker")), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private CustodyHandoverNotice certified(String id) {
        return new CustodyHandoverNotice("bx-" + ++exchanges, "key-" + exchanges, KENT_POLICE,
                HandoverStep.CERTIFIED, REQUESTED.plusHours(2), Optional.of(id), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(new CustodyHandoverNotice.Certificate(
                CertificateLimb.IMPRACTICABLE, ReasonCategory.NO_AUTHORITY_ANSWERED, "nobody answered",
                "Insp 99 Example", "Margate Magistrates' Court")), Optional.empty());
    }

    private CustodyHandoverNotice answer(String id, Organisation authority, OffsetDateTime at) {
        return new CustodyHandoverNotice("bx-" + ++exchanges, "key-" + exchanges, authority, HandoverStep.ANSWERED,
                at, Optional.of(id), Optional.empty(), Optional.empty(),
                Optional.of(new CustodyHandoverNotice.Answer(HandoverDecision.ACCEPT_NON_SECURE, "EDT manager",
                        Optional.empty(), Optional.empty(), Optional.empty())), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private CustodyHandoverNotice transferred(String id, String to) {
        return new CustodyHandoverNotice("bx-" + ++exchanges, "key-" + exchanges, KENT_POLICE,
                HandoverStep.TRANSFERRED, REQUESTED.plusHours(2), Optional.of(id), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(new CustodyHandoverNotice.Transfer(to)), Optional.empty(),
                Optional.empty());
    }

    /** Remembers what the ledger told the deadlines, in order: the deadlines' own behaviour is not this test's. */
    private static final class RecordingTimers implements HandoverTimers {
        final List<String> calls = new ArrayList<>();
        final List<Instant> requestedAt = new ArrayList<>();

        @Override
        public Deadlines deadlinesFor(Requested requested) {
            return new Deadlines(requested.requestedAt(), requested.requestedAt(), Optional.empty());
        }

        @Override
        public void requested(Connection connection, Requested requested) {
            requestedAt.add(requested.requestedAt());
            calls.add("requested " + requested.handoverId() + " " + requested.askedAuthorities().stream()
                    .map(DfeLaCode::value).toList());
        }

        @Override
        public void acknowledged(Connection connection, String handoverId, DfeLaCode authority, Instant at) {
            calls.add("acknowledged " + handoverId + " " + authority.value());
        }

        @Override
        public void answered(Connection connection, String handoverId, DfeLaCode authority, Instant at) {
            calls.add("answered " + handoverId + " " + authority.value());
        }

        @Override
        public void closed(Connection connection, String handoverId, Instant at) {
            calls.add("closed " + handoverId);
        }

        @Override
        public Optional<Deadlines> deadlinesOf(String handoverId) {
            return Optional.empty();
        }
    }
}
