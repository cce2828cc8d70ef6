package org.bridgeway.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.Organisation;
import org.bridgeway.store.Database;

/**
 * The gateway's record of the missing episodes it carried ({@code missing_episode}): who reported each, its
 * responsible and host authorities, the forces involved, its state and dates, the last update applied, and the
 * child's keyed match key — identifiers, codes and dates only, never a name or an address. Read by the episode ledger
 * (to apply an update to the right episode, in order, once), by the return-interview-outcome step (to fill in the
 * forces and authorities from what the gateway carried, not from what the sender says) and by the SSDA903
 * reconciliation ({@link #carriedFor}).
 *
 * <p>Reads use their own connection; writes are {@link org.bridgeway.audit.SameTransaction} work on the audit
 * transaction's connection, so the record changes exactly when the notice that changes it is accepted.
 */
public final class MissingEpisodes {
    /** OPEN while the child is missing, FOUND once found or returned, CLOSED once the report is closed. */
    public enum State { OPEN, FOUND, CLOSED }

    /** One episode as recorded. */
    public record Episode(String episodeId, Optional<String> reporterKey, String reportedBy, String reporter,
                          Optional<String> reportingForce, Optional<String> policeReference,
                          DfeLaCode responsibleAuthority, Optional<DfeLaCode> hostAuthority,
                          Optional<String> handlingForce, Optional<String> homeForce,
                          Optional<DfeLaCode> foundAuthority, State state, String type, Instant start,
                          Optional<Instant> end, String riskLevel, Optional<String> childLocalId,
                          String childMatchKey, EpisodeUpdate lastUpdate, Instant lastUpdatedAt,
                          String lastIdempotencyKey, String reportFingerprint, String reportKey,
                          boolean lookedAfter) {
        public Episode {
            Objects.requireNonNull(episodeId, "episodeId");
            Objects.requireNonNull(responsibleAuthority, "responsibleAuthority");
            Objects.requireNonNull(state, "state");
        }

        /** The same episode after an update: its new state, end, risk, found authority and last update. */
        public Episode updated(State newState, Optional<Instant> newEnd, String newRisk,
                               Optional<DfeLaCode> newFoundAuthority, Optional<String> newHandlingForce,
                               EpisodeUpdate update, Instant updatedAt, String idempotencyKey) {
            return new Episode(episodeId, reporterKey, reportedBy, reporter, reportingForce, policeReference,
                    responsibleAuthority, hostAuthority, newHandlingForce, homeForce, newFoundAuthority, newState,
                    type, start, newEnd, newRisk, childLocalId, childMatchKey, update, updatedAt, idempotencyKey,
                    reportFingerprint, reportKey, lookedAfter);
        }

        /**
         * Whether {@code organisation} is a party to the episode, and so may update it: its reporter, the reporting
         * or handling force, the responsible authority or the host authority.
         */
        public boolean hasParty(Organisation organisation) {
            String code = organisation.code();
            return switch (organisation.type()) {
                case LOCAL_AUTHORITY -> code.equals(responsibleAuthority.value())
                        || hostAuthority.map(h -> code.equals(h.value())).orElse(false)
                        || organisation.id().equals(reporter);
                case POLICE_FORCE -> reportingForce.map(code::equals).orElse(false)
                        || handlingForce.map(code::equals).orElse(false);
                default -> organisation.id().equals(reporter);
            };
        }

        @Override
        public String toString() {
            // the child's local id is a personal identifier: kept out of logs
            return "Episode[" + episodeId + ", " + state + ", responsible " + responsibleAuthority + "]";
        }
    }

    /** What the SSDA903 reconciliation needs of an episode the gateway carried: never the child's identity. */
    public record CarriedEpisode(String episodeId, String childMatchKey, Optional<String> childLocalId, String type,
                                 Instant start, Optional<Instant> end, Optional<String> policeReference) {
        @Override
        public String toString() {
            return "CarriedEpisode[" + episodeId + "]";
        }
    }

    private static final String COLUMNS = "episode_id, reporter_key, reported_by, reporter, reporting_force,"
            + " police_reference, responsible_la, host_la, handling_force, home_force, found_authority, state,"
            + " episode_type, start_at, end_at, risk_level, child_local_id, child_match_key, last_update,"
            + " last_updated_at, last_idempotency_key, report_fingerprint, report_key, looked_after";

    private final DataSource dataSource;

    public MissingEpisodes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The episode an update names, if the gateway has it. */
    public Optional<Episode> find(EpisodeReference reference) {
        if (reference instanceof EpisodeReference.ById id) {
            return one("episode_id = ?", id.episodeId());
        }
        if (reference instanceof EpisodeReference.ByPoliceReference p) {
            return one("reporting_force = ? AND police_reference = ?", p.force(), p.policeReference());
        }
        return one("reporter_key = ?", reporterKey((EpisodeReference.ByReporterReference) reference));
    }

    public Optional<Episode> byId(String episodeId) {
        return find(new EpisodeReference.ById(episodeId));
    }

    /** The key stored for a reporter's own reference. */
    static String reporterKey(EpisodeReference.ByReporterReference r) {
        return r.reporterId() + "|" + r.reference();
    }

    /**
     * The episodes of looked-after children the authority is responsible for that were open at some time in
     * {@code [from, to)}: started before {@code to} and not ended before {@code from}. A child missing from home is
     * not in the SSDA903 return, so their episodes are not compared with it.
     */
    public List<CarriedEpisode> carriedFor(DfeLaCode authority, Instant from, Instant to) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM missing_episode"
                     + " WHERE responsible_la = ? AND looked_after AND start_at < ? AND (end_at IS NULL OR end_at >= ?)"
                     + " ORDER BY start_at, episode_id")) {
            ps.setString(1, authority.value());
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setTimestamp(3, Timestamp.from(from));
            List<CarriedEpisode> carried = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Episode e = read(rs);
                    carried.add(new CarriedEpisode(e.episodeId(), e.childMatchKey(), e.childLocalId(), e.type(),
                            e.start(), e.end(), e.policeReference()));
                }
            }
            return carried;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the missing episodes", e);
        }
    }

    /**
     * The episodes not yet closed that {@code organisation} is a party to (as {@link Episode#hasParty} says): the
     * children missing now first, the highest risk first among them, then the longest missing; then those found
     * whose report is not yet closed. At most {@code limit}.
     */
    public List<Episode> notClosedFor(Organisation organisation, int limit) {
        String party = switch (organisation.type()) {
            case LOCAL_AUTHORITY -> "(responsible_la = ? OR host_la = ? OR reporter = ?)";
            case POLICE_FORCE -> "(reporting_force = ? OR handling_force = ?)";
            default -> "reporter = ?";
        };
        List<String> values = switch (organisation.type()) {
            case LOCAL_AUTHORITY -> List.of(organisation.code(), organisation.code(), organisation.id());
            case POLICE_FORCE -> List.of(organisation.code(), organisation.code());
            default -> List.of(organisation.id());
        };
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM missing_episode"
                     + " WHERE state <> 'CLOSED' AND " + party
                     + " ORDER BY CASE state WHEN 'OPEN' THEN 0 ELSE 1 END,"
                     + " CASE risk_level WHEN 'HIGH' THEN 0 WHEN 'MEDIUM' THEN 1 WHEN 'LOW' THEN 2 ELSE 3 END,"
                     + " start_at, episode_id FETCH FIRST ? ROWS ONLY")) {
            int i = 1;
            for (String value : values) {
                ps.setString(i++, value);
            }
            ps.setInt(i, limit);
            List<Episode> episodes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    episodes.add(read(rs));
                }
            }
            return episodes;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the missing episodes", e);
        }
    }

    /**
     * Records a reported episode, on the audit transaction's connection. A report of the same police report or
     * reporter's reference accepted meanwhile refuses the append ({@code episode.duplicate-report}).
     */
    public void insert(Connection c, Episode e, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO missing_episode (" + COLUMNS
                + ", created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?)")) {
            int i = bind(ps, e);
            ps.setTimestamp(i++, Timestamp.from(now));
            ps.setTimestamp(i, Timestamp.from(now));
            ps.executeUpdate();
        } catch (SQLException ex) {
            if (Database.isConstraintViolation(ex)) {
                throw new RuleRefused(409, "episode.duplicate-report", "this episode was reported meanwhile by a"
                        + " concurrent report under the same reference");
            }
            throw ex;
        }
    }

    /**
     * Records an update applied to an episode read as {@code before}, on the audit transaction's connection. Another
     * update of the same episode applied meanwhile refuses the append ({@code episode.update.concurrent}): the
     * sender sends it again, and it is then applied to the episode as it is.
     */
    public void update(Connection c, Episode before, Episode after, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE missing_episode SET state = ?, end_at = ?,"
                + " risk_level = ?, found_authority = ?, handling_force = ?, last_update = ?, last_updated_at = ?,"
                + " last_idempotency_key = ?, changed_at = ? WHERE episode_id = ? AND last_idempotency_key = ?")) {
            ps.setString(1, after.state().name());
            setInstant(ps, 2, after.end());
            ps.setString(3, after.riskLevel());
            setText(ps, 4, after.foundAuthority().map(DfeLaCode::value));
            setText(ps, 5, after.handlingForce());
            ps.setString(6, after.lastUpdate().name());
            ps.setTimestamp(7, Timestamp.from(after.lastUpdatedAt()));
            ps.setString(8, after.lastIdempotencyKey());
            ps.setTimestamp(9, Timestamp.from(now));
            ps.setString(10, before.episodeId());
            ps.setString(11, before.lastIdempotencyKey());
            if (ps.executeUpdate() != 1) {
                throw new RuleRefused(409, "episode.update.concurrent", "another update of this episode was applied"
                        + " meanwhile; send this one again", java.util.Map.of("episodeId", before.episodeId()));
            }
        }
    }

    private Optional<Episode> one(String where, String... values) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM missing_episode WHERE " + where)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the missing episodes", e);
        }
    }

    private static int bind(PreparedStatement ps, Episode e) throws SQLException {
        int i = 1;
        ps.setString(i++, e.episodeId());
        setText(ps, i++, e.reporterKey());
        ps.setString(i++, e.reportedBy());
        ps.setString(i++, e.reporter());
        setText(ps, i++, e.reportingForce());
        setText(ps, i++, e.policeReference());
        ps.setString(i++, e.responsibleAuthority().value());
        setText(ps, i++, e.hostAuthority().map(DfeLaCode::value));
        setText(ps, i++, e.handlingForce());
        setText(ps, i++, e.homeForce());
        setText(ps, i++, e.foundAuthority().map(DfeLaCode::value));
        ps.setString(i++, e.state().name());
        ps.setString(i++, e.type());
        ps.setTimestamp(i++, Timestamp.from(e.start()));
        setInstant(ps, i++, e.end());
        ps.setString(i++, e.riskLevel());
        setText(ps, i++, e.childLocalId());
        ps.setString(i++, e.childMatchKey());
        ps.setString(i++, e.lastUpdate().name());
        ps.setTimestamp(i++, Timestamp.from(e.lastUpdatedAt()));
        ps.setString(i++, e.lastIdempotencyKey());
        ps.setString(i++, e.reportFingerprint());
        ps.setString(i++, e.reportKey());
        ps.setBoolean(i++, e.lookedAfter());
        return i;
    }

    private static Episode read(ResultSet rs) throws SQLException {
        return new Episode(rs.getString("episode_id"), text(rs, "reporter_key"), rs.getString("reported_by"),
                rs.getString("reporter"), text(rs, "reporting_force"), text(rs, "police_reference"),
                DfeLaCode.parse(rs.getString("responsible_la")), text(rs, "host_la").map(DfeLaCode::parse),
                text(rs, "handling_force"), text(rs, "home_force"), text(rs, "found_authority").map(DfeLaCode::parse),
                State.valueOf(rs.getString("state")), rs.getString("episode_type"),
                rs.getTimestamp("start_at").toInstant(),
                Optional.ofNullable(rs.getTimestamp("end_at")).map(Timestamp::toInstant), rs.getString("risk_level"),
                text(rs, "child_local_id"), rs.getString("child_match_key").strip(),
                EpisodeUpdate.valueOf(rs.getString("last_update")), rs.getTimestamp("last_updated_at").toInstant(),
                rs.getString("last_idempotency_key"), rs.getString("report_fingerprint").strip(),
                rs.getString("report_key"), rs.getBoolean("looked_after"));
    }

    private static Optional<String> text(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    private static void setText(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    private static void setInstant(PreparedStatement ps, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            ps.setTimestamp(index, Timestamp.from(value.get()));
        } else {
            ps.setNull(index, Types.TIMESTAMP);
        }
    }
}
