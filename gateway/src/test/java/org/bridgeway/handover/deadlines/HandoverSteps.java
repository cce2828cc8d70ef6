package org.bridgeway.handover.deadlines;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.handover.CustodyHandovers;
import org.bridgeway.handover.HandoverTimers;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.store.TimeOrderedIds;

/**
 * The handover ledger's writes of each step through the real {@link CustodyHandovers}, and the {@link HandoverTimers}
 * call it makes in the same transaction, without the notices around them (the deadlines are this package's test). A Kent custody suite (886)
 * holding a Devon child (878), requested by Kent Police.
 */
final class HandoverSteps {
    static final DfeLaCode KENT = new DfeLaCode("886");
    static final DfeLaCode DEVON = new DfeLaCode("878");
    static final PoliceForceCode KENT_POLICE = new PoliceForceCode("kent");

    private final DataSource db;
    private final CustodyHandovers handovers;
    private final HandoverTimers timers;

    HandoverSteps(DataSource db, HandoverTimers timers) {
        this.db = db;
        this.handovers = new CustodyHandovers(db);
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
        CustodyHandovers.Handover handover = new CustodyHandovers.Handover(r.handoverId(), r.force(),
                "KCR/" + r.handoverId().substring(r.handoverId().length() - 8), r.suiteAuthority(),
                r.responsibleAuthority(), "LOCATOR", "NON_SECURE", r.requestedAt(), r.courtSittingAt(),
                CustodyHandovers.State.OPEN, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                TimeOrderedIds.next(), r.askedAuthorities().stream().map(a -> new CustodyHandovers.Party(a,
                a.equals(r.suiteAuthority()) ? "suite-authority" : "responsible-authority", Optional.empty()))
                .toList());
        inTransaction(commit, c -> {
            handovers.insert(c, handover);
            timers.requested(c, r);
        });
    }

    void acknowledged(String handoverId, DfeLaCode authority, Instant at) throws SQLException {
        inTransaction(true, c -> {
            handovers.acknowledge(c, handoverId, authority, at);
            timers.acknowledged(c, handoverId, authority, at);
        });
    }

    void answered(String handoverId, DfeLaCode authority, Instant at) throws SQLException {
        inTransaction(true, c -> {
            handovers.answer(c, handoverId, authority, "ACCEPT_NON_SECURE", at);
            timers.answered(c, handoverId, authority, at);
        });
    }

    void closed(String handoverId, Instant at) throws SQLException {
        inTransaction(true, c -> {
            handovers.close(c, handoverId, CustodyHandovers.State.TRANSFERRED, at);
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
}
