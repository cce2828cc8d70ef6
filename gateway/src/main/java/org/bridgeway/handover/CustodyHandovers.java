package org.bridgeway.handover;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.store.Database;

/**
 * The gateway's record of custody handovers ({@code custody_handover}, {@code custody_handover_party}): who asked,
 * which authorities were asked and in what relation, who answered first, and how it was closed. Identifiers, codes and
 * times only: the child and the charge are in the notices.
 *
 * <p>Reads use their own connection; writes run on the audit transaction's connection of the notice that makes them
 * happen, so the record changes exactly when that notice is accepted. The writes that settle a race are conditional
 * (the answer only while {@code OPEN}, the closure only while not closed): the loser's write refuses its whole append
 * ({@link RuleRefused}), so exactly one answer and one closure is ever accepted, whatever the nodes.
 */
public final class CustodyHandovers {
    /** OPEN: asked, nobody answered; ANSWERED: an authority owns it; then closed by TRANSFERRED or CERTIFIED. */
    public enum State {
        OPEN, ANSWERED, TRANSFERRED, CERTIFIED;

        public boolean closed() {
            return this == TRANSFERRED || this == CERTIFIED;
        }
    }

    public static final String ALREADY_ANSWERED = "handover.alreadyAnswered";
    public static final String CLOSED = "handover.closed";

    /** One asked authority: its relation and when it acknowledged. */
    public record Party(DfeLaCode authority, String relation, Optional<Instant> acknowledgedAt) {
    }

    /** One handover as recorded. */
    public record Handover(String handoverId, PoliceForceCode force, String custodyReference,
                           DfeLaCode suiteAuthority, Optional<DfeLaCode> responsibleAuthority,
                           String responsibleFoundBy, String accommodationRequested, Instant requestedAt,
                           Optional<Instant> courtSittingAt, State state, Optional<DfeLaCode> owner,
                           Optional<String> decision, Optional<Instant> answeredAt, Optional<Instant> closedAt,
                           String requestExchangeId, List<Party> parties) {
        public Handover {
            Objects.requireNonNull(handoverId, "handoverId");
            parties = List.copyOf(parties);
        }

        /** The same handover, owned by the first authority to answer. */
        public Handover answeredBy(DfeLaCode authority, String decision, Instant at) {
            return new Handover(handoverId, force, custodyReference, suiteAuthority, responsibleAuthority,
                    responsibleFoundBy, accommodationRequested, requestedAt, courtSittingAt, State.ANSWERED,
                    Optional.of(authority), Optional.of(decision), Optional.of(at), closedAt, requestExchangeId,
                    parties);
        }

        /** The same handover with its asked authorities. */
        public Handover withParties(List<Party> asked) {
            return new Handover(handoverId, force, custodyReference, suiteAuthority, responsibleAuthority,
                    responsibleFoundBy, accommodationRequested, requestedAt, courtSittingAt, state, owner, decision,
                    answeredAt, closedAt, requestExchangeId, asked);
        }

        public boolean asked(DfeLaCode authority) {
            return parties.stream().anyMatch(p -> p.authority().equals(authority));
        }

        @Override
        public String toString() {
            return "Handover[" + handoverId + ", " + state + "]";
        }
    }

    private static final String COLUMNS = "handover_id, force, custody_reference, suite_authority,"
            + " responsible_authority, responsible_found_by, accommodation_requested, requested_at, court_sitting_at,"
            + " state, owner_authority, decision, answered_at, closed_at, request_exchange_id";

    private final DataSource dataSource;

    public CustodyHandovers(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Handover> byId(String handoverId) {
        return one("handover_id = ?", handoverId);
    }

    /** The handover of a force's custody record, if it was requested. */
    public Optional<Handover> byRecord(PoliceForceCode force, String custodyReference) {
        return one("force = ? AND custody_reference = ?", force.value(), custodyReference);
    }

    /** The open handovers (not closed) a force requested, oldest first. */
    public List<Handover> openOfForce(PoliceForceCode force) {
        return many("SELECT " + COLUMNS + " FROM custody_handover WHERE force = ? AND state IN ('OPEN', 'ANSWERED')"
                + " ORDER BY requested_at, handover_id", force.value());
    }

    /** The open handovers an authority was asked, oldest first. */
    public List<Handover> openAskedOf(DfeLaCode authority) {
        return many("SELECT " + prefixed("h") + " FROM custody_handover h JOIN custody_handover_party p"
                + " ON p.handover_id = h.handover_id WHERE p.authority = ? AND h.state IN ('OPEN', 'ANSWERED')"
                + " ORDER BY h.requested_at, h.handover_id", authority.value());
    }

    /** Records a requested handover and its asked authorities, on the audit transaction's connection. */
    public void insert(Connection c, Handover h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO custody_handover (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setString(i++, h.handoverId());
            ps.setString(i++, h.force().value());
            ps.setString(i++, h.custodyReference());
            ps.setString(i++, h.suiteAuthority().value());
            ps.setString(i++, h.responsibleAuthority().map(DfeLaCode::value).orElse(null));
            ps.setString(i++, h.responsibleFoundBy());
            ps.setString(i++, h.accommodationRequested());
            ps.setTimestamp(i++, Timestamp.from(h.requestedAt()));
            ps.setTimestamp(i++, h.courtSittingAt().map(Timestamp::from).orElse(null));
            ps.setString(i++, h.state().name());
            ps.setString(i++, null);
            ps.setString(i++, null);
            ps.setTimestamp(i++, null);
            ps.setTimestamp(i++, null);
            ps.setString(i, h.requestExchangeId());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Database.isConstraintViolation(e)) {
                // a second request of the same custody record (the unique key) raced the first past the ledger's
                // check: the first one committed is the handover
                throw new RuleRefused(409, "handover.duplicate-request", "this custody record's handover was requested"
                        + " meanwhile: send it again to be told its handover id");
            }
            throw e;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO custody_handover_party (handover_id, authority,"
                + " relation, acknowledged_at) VALUES (?, ?, ?, NULL)")) {
            for (Party p : h.parties()) {
                ps.setString(1, h.handoverId());
                ps.setString(2, p.authority().value());
                ps.setString(3, p.relation());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * An asked authority acknowledged: its first acknowledgement's time is kept. Only while the handover is open: a
     * closure accepted since the ledger's read refuses the acknowledgement's append ({@value #CLOSED}).
     */
    public void acknowledge(Connection c, String handoverId, DfeLaCode authority, Instant at) throws SQLException {
        lockedOpen(c, handoverId);
        try (PreparedStatement ps = c.prepareStatement("UPDATE custody_handover_party SET acknowledged_at = ?"
                + " WHERE handover_id = ? AND authority = ? AND acknowledged_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, handoverId);
            ps.setString(3, authority.value());
            ps.executeUpdate();
        }
    }

    /**
     * The first answer: owns the handover only while nobody has answered and it is not closed. Otherwise the answer's
     * whole append is refused: {@value #ALREADY_ANSWERED} naming the owner, or {@value #CLOSED}.
     */
    public void answer(Connection c, String handoverId, DfeLaCode authority, String decision, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE custody_handover SET state = 'ANSWERED',"
                + " owner_authority = ?, decision = ?, answered_at = ? WHERE handover_id = ? AND state = 'OPEN'")) {
            ps.setString(1, authority.value());
            ps.setString(2, decision);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setString(4, handoverId);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        throw refusalOf(current(c, handoverId));
    }

    /** Closes the handover once: a second closure refuses its append ({@value #CLOSED}). */
    public void close(Connection c, String handoverId, State closedAs, Instant at) throws SQLException {
        if (!closedAs.closed()) {
            throw new IllegalArgumentException(closedAs + " does not close a handover");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE custody_handover SET state = ?, closed_at = ?"
                + " WHERE handover_id = ? AND state IN ('OPEN', 'ANSWERED')")) {
            ps.setString(1, closedAs.name());
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, handoverId);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        throw closed();
    }

    /**
     * The handover's row, locked until the audit transaction ends so that no answer or closure changes it meanwhile
     * (without its asked authorities); a closed one refuses the append ({@value #CLOSED}).
     */
    public Handover lockedOpen(Connection c, String handoverId) throws SQLException {
        Handover h = current(c, handoverId, " FOR UPDATE");
        if (h.state().closed()) {
            throw closed();
        }
        return h;
    }

    /** Why an answer to a handover in this state is refused: it is owned already, or closed. */
    static RuleRefused refusalOf(Handover h) {
        if (h.state().closed()) {
            return closed();
        }
        return new RuleRefused(409, ALREADY_ANSWERED, "another authority answered first and owns the handover",
                Map.of("handoverId", h.handoverId(), "owner", h.owner().map(DfeLaCode::value).orElse("")));
    }

    static RuleRefused closed() {
        return new RuleRefused(409, CLOSED, "the force has closed this handover");
    }

    private Handover current(Connection c, String handoverId) throws SQLException {
        return current(c, handoverId, "");
    }

    /** The handover's row (without its asked authorities) on the audit transaction's connection. */
    private Handover current(Connection c, String handoverId, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM custody_handover"
                + " WHERE handover_id = ?" + lock)) {
            ps.setString(1, handoverId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no handover " + handoverId);
                }
                return read(rs, List.of());
            }
        }
    }

    private Optional<Handover> one(String where, String... values) {
        List<Handover> found = many("SELECT " + COLUMNS + " FROM custody_handover WHERE " + where, values);
        return found.stream().findFirst();
    }

    private List<Handover> many(String sql, String... values) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            List<Handover> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs, List.of()));
                }
            }
            List<Handover> withParties = new ArrayList<>();
            for (Handover h : rows) {
                withParties.add(h.withParties(parties(c, h.handoverId())));
            }
            return withParties;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the custody handovers", e);
        }
    }

    private static List<Party> parties(Connection c, String handoverId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT authority, relation, acknowledged_at FROM"
                + " custody_handover_party WHERE handover_id = ? ORDER BY relation DESC, authority")) {
            ps.setString(1, handoverId);
            List<Party> parties = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parties.add(new Party(DfeLaCode.parse(rs.getString("authority")), rs.getString("relation"),
                            instant(rs, "acknowledged_at")));
                }
            }
            return parties;
        }
    }

    private static Handover read(ResultSet rs, List<Party> parties) throws SQLException {
        return new Handover(rs.getString("handover_id"), new PoliceForceCode(rs.getString("force")),
                rs.getString("custody_reference"), DfeLaCode.parse(rs.getString("suite_authority")),
                Optional.ofNullable(rs.getString("responsible_authority")).map(DfeLaCode::parse),
                rs.getString("responsible_found_by"), rs.getString("accommodation_requested"),
                rs.getTimestamp("requested_at").toInstant(), instant(rs, "court_sitting_at"),
                State.valueOf(rs.getString("state")),
                Optional.ofNullable(rs.getString("owner_authority")).map(DfeLaCode::parse),
                Optional.ofNullable(rs.getString("decision")), instant(rs, "answered_at"), instant(rs, "closed_at"),
                rs.getString("request_exchange_id"), parties);
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getTimestamp(column)).map(Timestamp::toInstant);
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }
}
