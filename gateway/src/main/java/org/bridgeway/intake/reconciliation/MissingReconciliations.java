package org.bridgeway.intake.reconciliation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.bridgeway.adapters.ssda903.ReturnPeriod;
import org.bridgeway.adapters.ssda903.Ssda903MissingEpisode;
import org.bridgeway.intake.ReturnBatch;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.OrganisationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Missing reconciliation of each accepted SSDA903 return, kept per batch ({@code missing_reconciliation}) for the
 * council that sent it. Runs as a step of the return's story (routes/ssda903-intake.camel.yaml) once its notices are
 * through; a return sent again is its earlier batch, whose report stands.
 */
public final class MissingReconciliations {
    private static final Logger LOG = LoggerFactory.getLogger(MissingReconciliations.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final DataSource dataSource;
    private final CarriedEpisodes carried;
    private final Clock clock;

    /** A stored report, with the organisation id of the council it is for. */
    public record Stored(String batchId, String responsibleAuthority, Instant reconciledAt, JsonNode report) {
        /** The answer of the reconciliation endpoint. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("batchId", batchId);
            json.put("responsibleAuthority", responsibleAuthority);
            json.put("reconciledAt", reconciledAt.toString());
            report.fields().forEachRemaining(f -> json.put(f.getKey(), f.getValue()));
            return json;
        }
    }

    public MissingReconciliations(DataSource dataSource, CarriedEpisodes carried, Clock clock) {
        this.dataSource = dataSource;
        this.carried = carried;
        this.clock = clock;
    }

    /**
     * Reconciles a return just sent and keeps the report under its batch (replacing the report of an earlier,
     * failed attempt at the same batch). A return sent before is left as it was.
     */
    public ReturnBatch reconcile(ReturnBatch batch) {
        if (batch.alreadyProcessed() || batch.responsibleAuthority().type() != OrganisationType.LOCAL_AUTHORITY) {
            return batch;
        }
        ReconciliationReport report = reconcile(new DfeLaCode(batch.responsibleAuthority().code()), batch,
                ReturnPeriod.asOf(LocalDate.now(clock)));
        store(batch.batchId(), batch.responsibleAuthority().id(), report);
        LOG.info("SSDA903 batch {} missing reconciliation: {} agreeing, {} not in the return, {} not carried, {}"
                        + " disagreeing, {} carried without a child id, {} unreadable rows", batch.batchId(),
                report.agreeing(), report.notInReturn().size(), report.notCarried().size(),
                report.disagreeing().size(), report.carriedWithoutChildId().size(), report.unreadableRows().size());
        return batch;
    }

    /**
     * The comparison for one return, over the return's period: the collection years (1 April to 31 March) its
     * Missing rows fall in, or the running year when it has none, and never past today (days in England). The
     * gateway cannot tell from a return which year it was sent for, so its rows say: a 2024-25 return sent late is
     * compared with the episodes of 2024-25, not of the year running when it arrived.
     */
    ReconciliationReport reconcile(DfeLaCode la, ReturnBatch batch, ReturnPeriod period) {
        LocalDate today = period.today();
        LocalDate first = batch.missing().episodes().stream().map(Ssda903MissingEpisode::start)
                .min(Comparator.naturalOrder()).orElse(today);
        LocalDate latest = batch.missing().episodes().stream()
                .map(e -> e.end().orElse(e.start())).max(Comparator.naturalOrder()).orElse(today);
        LocalDate periodStart = ReturnPeriod.asOf(first).collectionYearEnd().minusYears(1).plusDays(1);
        LocalDate yearEnd = ReturnPeriod.asOf(latest).collectionYearEnd();
        LocalDate periodEnd = yearEnd.isBefore(today) ? yearEnd : today;
        Instant from = periodStart.atStartOfDay(MissingReconciliation.ENGLAND).toInstant();
        Instant to = periodEnd.plusDays(1).atStartOfDay(MissingReconciliation.ENGLAND).toInstant();
        return MissingReconciliation.compare(batch.missing(), carried.carriedFor(la, from, to), periodStart,
                periodEnd);
    }

    private void store(String batchId, String responsibleAuthority, ReconciliationReport report) {
        String json;
        try {
            json = JSON.writeValueAsString(report.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the reconciliation report", e);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM missing_reconciliation WHERE batch_id = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO missing_reconciliation "
                         + "(batch_id, responsible_authority, reconciled_at, report) VALUES (?, ?, ?, ?)")) {
                delete.setString(1, batchId);
                delete.executeUpdate();
                insert.setString(1, batchId);
                insert.setString(2, responsibleAuthority);
                insert.setTimestamp(3, Timestamp.from(clock.instant()));
                insert.setString(4, json);
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep the reconciliation report", e);
        }
    }

    /** The report of a batch, if its return has been reconciled. */
    public Optional<Stored> of(String batchId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT responsible_authority, reconciled_at, report "
                     + "FROM missing_reconciliation WHERE batch_id = ?")) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(batchId, rs.getString(1), rs.getTimestamp(2).toInstant(),
                        JSON.readTree(rs.getString(3))));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read the reconciliation report", e);
        }
    }
}
