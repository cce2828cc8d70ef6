package org.bridgeway.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.model.EpisodeUpdate;

/**
 * Missing-episode updates held until the report they update exists ({@code missing_update_held}): an update that
 * arrived first, or behind another update of the same episode still held. Each is kept with the notice in its
 * published JSON form (so that it is released as it was sent, under the same exchange id) and the reason it is held,
 * and is listed to its sender until it is released. Released updates are marked, never deleted, and their document is
 * cleared: what stays is the record that the update waited and what became of it.
 */
public final class HeldUpdates {
    /** Why an update is held: the episode it names is unknown to the gateway. */
    public static final String EPISODE_UNKNOWN = "episode.unknown";
    /** Why an update is held: an earlier update of the same episode is still held. */
    public static final String BEHIND_HELD_UPDATE = "episode.behind-held-update";

    /** The order updates of one episode are applied in: by kind, then by the sender's date-time. */
    public static final Comparator<HeldUpdate> RELEASE_ORDER = Comparator.comparingInt(HeldUpdate::kindOrder)
            .thenComparing(HeldUpdate::updatedAt).thenComparing(HeldUpdate::heldAt);

    /** One held update. The document is the notice in its published JSON form; empty once released. */
    public record HeldUpdate(String heldId, String exchangeId, String idempotencyKey, String sender,
                             String episodeReference, EpisodeUpdate update, Instant updatedAt, String reason,
                             Instant heldAt, Optional<String> document, Optional<Instant> releasedAt,
                             Optional<String> episodeId, Optional<String> outcome) {
        public int kindOrder() {
            return update.ordinal();
        }

        @Override
        public String toString() {
            return "HeldUpdate[" + heldId + ", exchange " + exchangeId + ", " + update + ", " + reason + "]";
        }
    }

    private static final String COLUMNS = "held_id, exchange_id, idempotency_key, sender, episode_ref, update_kind,"
            + " updated_at, reason, held_at, document, released_at, episode_id, outcome";

    private final DataSource dataSource;

    public HeldUpdates(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Keeps an update, on the audit transaction's connection of its RECEIVED and HELD entries. */
    public void hold(Connection c, HeldUpdate held) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO missing_update_held (held_id, exchange_id,"
                + " idempotency_key, sender, episode_ref, update_kind, kind_order, updated_at, reason, document,"
                + " held_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, held.heldId());
            ps.setString(2, held.exchangeId());
            ps.setString(3, held.idempotencyKey());
            ps.setString(4, held.sender());
            ps.setString(5, held.episodeReference());
            ps.setString(6, held.update().name());
            ps.setInt(7, held.kindOrder());
            ps.setTimestamp(8, Timestamp.from(held.updatedAt()));
            ps.setString(9, held.reason());
            ps.setString(10, held.document().orElseThrow());
            ps.setTimestamp(11, Timestamp.from(held.heldAt()));
            ps.executeUpdate();
        }
    }

    /** Whether any update naming one of these references is still held. */
    public boolean anyWaiting(List<String> episodeReferences) {
        return !waiting(episodeReferences).isEmpty();
    }

    /** The updates still held that name one of these references, in release order. */
    public List<HeldUpdate> waiting(List<String> episodeReferences) {
        if (episodeReferences.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(episodeReferences.size(), "?"));
        List<HeldUpdate> found = query("released_at IS NULL AND episode_ref IN (" + marks + ")",
                episodeReferences.toArray(String[]::new));
        found.sort(RELEASE_ORDER);
        return found;
    }

    /** Every update still held, oldest first: what the release looks at. */
    public List<HeldUpdate> allWaiting() {
        return query("released_at IS NULL ORDER BY held_at, held_id");
    }

    /** The sender's held updates, still held first, then those released or refused (newest first), at most 500. */
    public List<HeldUpdate> ofSender(String sender) {
        List<HeldUpdate> all = query("sender = ? ORDER BY held_at DESC, held_id", sender);
        List<HeldUpdate> ordered = new ArrayList<>(all.stream().filter(h -> h.releasedAt().isEmpty()).toList());
        ordered.addAll(all.stream().filter(h -> h.releasedAt().isPresent()).toList());
        return ordered.subList(0, Math.min(500, ordered.size()));
    }

    public Optional<HeldUpdate> byIdempotencyKey(String idempotencyKey) {
        return query("idempotency_key = ?", idempotencyKey).stream().findFirst();
    }

    /**
     * Marks the update released to {@code episodeId} with its outcome ({@code applied}, or the rule that refused it),
     * clearing its document, on {@code c}. Returns false when it was already released: a release happens once.
     */
    public boolean released(Connection c, String idempotencyKey, Optional<String> episodeId, String outcome,
                            Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE missing_update_held SET released_at = ?,"
                + " episode_id = ?, outcome = ?, document = NULL WHERE idempotency_key = ? AND released_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, episodeId.orElse(null));
            ps.setString(3, outcome);
            ps.setString(4, idempotencyKey);
            return ps.executeUpdate() == 1;
        }
    }

    private List<HeldUpdate> query(String where, String... values) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM missing_update_held WHERE "
                     + where)) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            List<HeldUpdate> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new HeldUpdate(rs.getString("held_id"), rs.getString("exchange_id"),
                            rs.getString("idempotency_key"), rs.getString("sender"), rs.getString("episode_ref"),
                            EpisodeUpdate.valueOf(rs.getString("update_kind")),
                            rs.getTimestamp("updated_at").toInstant(), rs.getString("reason"),
                            rs.getTimestamp("held_at").toInstant(), Optional.ofNullable(rs.getString("document")),
                            Optional.ofNullable(rs.getTimestamp("released_at")).map(Timestamp::toInstant),
                            Optional.ofNullable(rs.getString("episode_id")),
                            Optional.ofNullable(rs.getString("outcome"))));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the held missing-episode updates", e);
        }
    }
}
