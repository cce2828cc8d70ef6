package org.bridgeway.handover.deadlines;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.handover.HandoverTimers;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.store.TimeOrderedIds;

/**
 * What the handover ledger (helper H's, not yet merged) writes in each step's audit transaction, as the V46 rows the
 * contract fixes, and the {@link HandoverTimers} call it makes in the same transaction. A Kent custody suite (886)
 * holding a Devon child (878), requested by Kent Police.
 */
final class HandoverLedgerStandIn {
    static final DfeLaCode KENT = new DfeLaCode("886");
    static final DfeLaCode DEVON = new DfeLaCode("878");
    static final PoliceForceCode KENT_POLICE = new PoliceForceCode("kent");

    private final DataSource db;
    private final HandoverTimers timers;

    HandoverLedgerStandIn(DataSource db, HandoverTimers timers) {
        this.db = db;
        this.timers = timers;
    }

    static HandoverTimers.Requested request(String handoverId, Instant at, Optional<Instant> court) {
        return new HandoverTimers.Requested(handoverId, KENT_POLICE, KENT, Optional.of(DEVON), List.of(KENT, DEVON),
                at, court);
    }

    static String newId() {
        return "CH-" + TimeOrderedIds.next();
    }

    /** The request, its timers in its transaction; {@code commit} false: the append refused, rolled back. */
    void requested(HandoverTimers.Requested r, boolean commit) throws SQLException {
        inTransaction(commit, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO custody_handover (handover_id, force,"
                    + " custody_reference, suite_authority, responsible_authority, responsible_found_by,"
                    + " accommodation_requested, requested_at, court_sitting_at, state, request_exchange_id)"
                    + " VALUES (?, ?, ?, ?, ?, 'LOCATOR', 'NON_SECURE', ?, ?, 'OPEN', ?)")) {
                ps.setString(1, r.handoverId());
                ps.setString(2, r.force().value());
                ps.setString(3, "KCR/" + r.handoverId().substring(r.handoverId().length() - 8));
                ps.setString(4, r.suiteAuthority().value());
                ps.setString(5, r.responsibleAuthority().map(DfeLaCode::value).orElse(null));
                ps.setTimestamp(6, Timestamp.from(r.requestedAt()));
                ps.setTimestamp(7, r.courtSittingAt().map(Timestamp::from).orElse(null));
                ps.setString(8, TimeOrderedIds.next());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO custody_handover_party (handover_id,"
                    + " authority, relation) VALUES (?, ?, ?)")) {
                for (DfeLaCode a : r.askedAuthorities()) {
                    ps.setString(1, r.handoverId());
                    ps.setString(2, a.value());
                    ps.setString(3, a.equals(r.suiteAuthority()) ? "suite-authority" : "responsible-authority");
                    ps.executeUpdate();
                }
            }
            timers.requested(c, r);
        });
    }

    void acknowledged(String handoverId, DfeLaCode authority, Instant at) throws SQLException {
        inTransaction(true, c -> {
            update(c, "UPDATE custody_handover_party SET acknowledged_at = ? WHERE handover_id = ? AND authority = ?",
                    at, handoverId, authority.value());
            timers.acknowledged(c, handoverId, authority, at);
        });
    }

    void answered(String handoverId, DfeLaCode authority, Instant at) throws SQLException {
        inTransaction(true, c -> {
            update(c, "UPDATE custody_handover SET state = 'ANSWERED', owner_authority = ?, answered_at = ?,"
                    + " decision = 'ACCEPT_NON_SECURE' WHERE handover_id = ?", authority.value(), at, handoverId);
            timers.answered(c, handoverId, authority, at);
        });
    }

    void closed(String handoverId, Instant at) throws SQLException {
        inTransaction(true, c -> {
            update(c, "UPDATE custody_handover SET state = 'TRANSFERRED', closed_at = ? WHERE handover_id = ?", at,
                    handoverId);
            timers.closed(c, handoverId, at);
        });
    }

    /** The handover's timers as (event, authority or "-", state), in the order they fire. */
    List<String> timers(String handoverId) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT event, authority,"
                + " state, due_at FROM custody_handover_timer WHERE handover_id = ? ORDER BY due_at, event, authority")) {
            ps.setString(1, handoverId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + Optional.ofNullable(rs.getString(2)).orElse("-") + " "
                            + rs.getString(3));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** When the handover's timer of {@code event} (of {@code authority}, or none) fires. */
    Instant firesAt(String handoverId, String event, Optional<DfeLaCode> authority) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT due_at FROM"
                + " custody_handover_timer WHERE handover_id = ? AND event = ? AND "
                + (authority.isPresent() ? "authority = ?" : "authority IS NULL"))) {
            ps.setString(1, handoverId);
            ps.setString(2, event);
            if (authority.isPresent()) {
                ps.setString(3, authority.get().value());
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no " + event + " timer");
                }
                return rs.getTimestamp(1).toInstant();
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private interface Step {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(boolean commit, Step step) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                step.run(c);
                if (commit) {
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v instanceof Instant instant) {
                    ps.setTimestamp(i + 1, Timestamp.from(instant));
                } else {
                    ps.setString(i + 1, (String) v);
                }
            }
            ps.executeUpdate();
        }
    }
}
