package org.bridgeway.workflow;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.PlacementEvent;
import org.bridgeway.pipeline.PlacementRouting;
import org.bridgeway.store.Database;

/**
 * The gateway's record of the placements it carried ({@code placement_record}): per placement (placing authority,
 * child id, start date) the area it is in, the organisations the notice that began it was disclosed to, and whether
 * a later change or an end closed it. Identifiers, codes and dates only. Read by the placement ledger (is there a
 * placement to change or end?) and by the recipient rule of a change or end (who was told?).
 *
 * <p>Reads use their own connection; writes are work on the audit transaction's connection, so a record changes
 * exactly when the notice that changes it is accepted.
 */
public final class PlacementRecords {

    /** One placement as recorded; {@code closedBy} is empty while it is the child's current placement there. */
    public record Placement(String placementId, DfeLaCode placingAuthority, String childLocalId, LocalDate startDate,
                            String exchangeId, DfeLaCode localAuthority, List<PlacementRouting.Told> told,
                            Optional<PlacementEvent> closedBy) {
        public Placement {
            Objects.requireNonNull(placementId, "placementId");
            told = List.copyOf(told);
        }

        @Override
        public String toString() {
            return "Placement[" + placementId + "]";
        }
    }

    private static final String COLUMNS = "placement_id, placing_la, child_local_id, start_date, exchange_id,"
            + " local_authority, recipients, closed_by_event";

    private final DataSource dataSource;

    public PlacementRecords(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Who was told of the placement {@code changeOrEnd} is about: for an end the placement it names by its start
     * date, for a change the child's current placement before it; nobody when there is none (the ledger has refused
     * such a notice already).
     */
    public List<PlacementRouting.Told> toldOf(org.bridgeway.model.PlacementNotice changeOrEnd) {
        DfeLaCode placing = DfeLaCode.parse(changeOrEnd.sender().code());
        String child = changeOrEnd.child().localId();
        LocalDate start = changeOrEnd.placement().startDate();
        Optional<Placement> placement = changeOrEnd.event() == PlacementEvent.ENDED ? find(placing, child, start)
                : currentBefore(placing, child, start);
        return placement.map(Placement::told).orElse(List.of());
    }

    /** The placement of this child that starts on {@code startDate}, if the gateway carried it. */
    public Optional<Placement> find(DfeLaCode placingAuthority, String childLocalId, LocalDate startDate) {
        return query("SELECT " + COLUMNS + " FROM placement_record WHERE placing_la = ? AND child_local_id = ?"
                + " AND start_date = ?", placingAuthority, childLocalId, startDate);
    }

    /**
     * The child's current placement (not closed) that started before {@code date}, the latest if several: the one a
     * change on {@code date} replaces.
     */
    public Optional<Placement> currentBefore(DfeLaCode placingAuthority, String childLocalId, LocalDate date) {
        return query("SELECT " + COLUMNS + " FROM placement_record WHERE placing_la = ? AND child_local_id = ?"
                + " AND start_date < ? AND closed_by_event IS NULL ORDER BY start_date DESC", placingAuthority,
                childLocalId, date);
    }

    private Optional<Placement> query(String sql, DfeLaCode placingAuthority, String childLocalId, LocalDate date) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, placingAuthority.value());
            ps.setString(2, childLocalId);
            ps.setDate(3, Date.valueOf(date));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the placement records", e);
        }
    }

    /**
     * Records a placement begun by an accepted notice, on the audit transaction's connection. The same placement
     * recorded meanwhile by another notice refuses the append ({@code placement.already-carried}).
     */
    public void insert(Connection c, Placement p, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO placement_record (" + COLUMNS
                + ", closed_by_exchange, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)")) {
            ps.setString(1, p.placementId());
            ps.setString(2, p.placingAuthority().value());
            ps.setString(3, p.childLocalId());
            ps.setDate(4, Date.valueOf(p.startDate()));
            ps.setString(5, p.exchangeId());
            ps.setString(6, p.localAuthority().value());
            ps.setString(7, recipients(p.told()));
            ps.setTimestamp(8, Timestamp.from(now));
            ps.setTimestamp(9, Timestamp.from(now));
            ps.executeUpdate();
        } catch (SQLException ex) {
            if (Database.isConstraintViolation(ex)) {
                throw PlacementLedger.alreadyCarried();
            }
            throw ex;
        }
    }

    /**
     * Adds to a current placement's record those a start sent again was disclosed to that it lacks. One closed
     * meanwhile by another notice refuses the append ({@code placement.closed}).
     */
    public void addTold(Connection c, Placement p, List<PlacementRouting.Told> told, Instant now) throws SQLException {
        List<PlacementRouting.Told> all = new ArrayList<>(p.told());
        told.stream().filter(t -> !all.contains(t)).forEach(all::add);
        try (PreparedStatement ps = c.prepareStatement("UPDATE placement_record SET recipients = ?, changed_at = ?"
                + " WHERE placement_id = ? AND closed_by_event IS NULL")) {
            ps.setString(1, recipients(all));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, p.placementId());
            if (ps.executeUpdate() != 1) {
                throw PlacementLedger.closed();
            }
        }
    }

    private static String recipients(List<PlacementRouting.Told> told) {
        return String.join(",", told.stream().map(t -> t.organisationId() + "|" + t.relation()).toList());
    }

    /**
     * Closes a current placement: a change replaced it, or it ended. One closed meanwhile by another notice refuses
     * the append ({@code placement.closed}).
     */
    public void close(Connection c, Placement p, PlacementEvent by, String exchangeId, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE placement_record SET closed_by_event = ?,"
                + " closed_by_exchange = ?, changed_at = ? WHERE placement_id = ? AND closed_by_event IS NULL")) {
            ps.setString(1, by.code());
            ps.setString(2, exchangeId);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, p.placementId());
            if (ps.executeUpdate() != 1) {
                throw PlacementLedger.closed();
            }
        }
    }

    private static Placement read(ResultSet rs) throws SQLException {
        String recipients = rs.getString("recipients");
        List<PlacementRouting.Told> told = new ArrayList<>();
        if (!recipients.isEmpty()) {
            for (String entry : recipients.split(",")) {
                int bar = entry.indexOf('|');
                told.add(new PlacementRouting.Told(entry.substring(0, bar), entry.substring(bar + 1)));
            }
        }
        return new Placement(rs.getString("placement_id"), DfeLaCode.parse(rs.getString("placing_la")),
                rs.getString("child_local_id"), rs.getDate("start_date").toLocalDate(), rs.getString("exchange_id"),
                DfeLaCode.parse(rs.getString("local_authority")), told,
                Optional.ofNullable(rs.getString("closed_by_event")).map(PlacementEvent::fromCode));
    }
}
