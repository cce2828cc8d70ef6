package org.bridgeway.locator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.LocatorAccessNotice;
import org.bridgeway.model.Notice;
import org.bridgeway.model.OdsCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises the access notices of matched locator queries down the one notice pipeline, from the {@code locator_access}
 * rows their queries wrote, in the background: every {@value #PASS_MILLIS} ms, the oldest pending rows first. A row
 * is marked raised (and its case reference forgotten) once the pipeline accepted its notice. The notice's idempotency
 * key is its access id, so a row raised twice (a crash between the pipeline and the mark, two nodes in one pass) is
 * admitted once and delivered once: the second is a duplicate. The notice is made from the row alone, which holds what
 * the query read of the entry, so an entry withdrawn or swept before the pass still has its authority told. Raised
 * rows are deleted by {@link LocatorSweep}.
 */
public final class LocatorAccessRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocatorAccessRelay.class);
    static final long PASS_MILLIS = 500;
    private static final int BATCH = 200;

    private final DataSource dataSource;
    private final ReferenceData reference;
    private final Function<Notice, Dispatch> pipeline;
    private final Clock clock;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "locator-access-relay");
        t.setDaemon(true);
        return t;
    });

    /** @param pipeline sends a notice down {@code direct:notice} and returns its dispatch once accepted */
    public LocatorAccessRelay(DataSource dataSource, ReferenceData reference, Function<Notice, Dispatch> pipeline,
                              Clock clock) {
        this.dataSource = dataSource;
        this.reference = reference;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    /** Relays, every pass from now on, what is pending; once the pipeline can take notices. */
    public LocatorAccessRelay start() {
        passes.scheduleWithFixedDelay(() -> {
            try {
                relayPending();
            } catch (RuntimeException e) {
                LOG.warn("locator access notices not relayed in this pass: {}", e.getMessage());
            }
        }, PASS_MILLIS, PASS_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        passes.shutdownNow();
        try {
            passes.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending(String accessId, String entryId, String entrySource, String involvement,
                           LocalDate startedOn, DfeLaCode responsibleAuthority, Optional<DfeLaCode> hostAuthority,
                           String askedBy, String person, String purpose, String caseReference, Timestamp askedAt) {
    }

    /** Raises every pending access notice; returns how many were raised. */
    public synchronized int relayPending() {
        int raised = 0;
        List<Pending> batch;
        do {
            batch = pending();
            for (Pending p : batch) {
                if (!raise(p)) {
                    return raised; // the pipeline cannot take it now: the next pass tries again, in order
                }
                raised++;
            }
        } while (batch.size() == BATCH);
        return raised;
    }

    private boolean raise(Pending p) {
        Organisation asker = Organisation.parseId(p.askedBy());
        String askerName = switch (asker.type()) {
            case LOCAL_AUTHORITY -> reference.localAuthority(DfeLaCode.parse(asker.code()))
                    .map(la -> la.name()).orElse(asker.id());
            case POLICE_FORCE -> reference.policeForce(new PoliceForceCode(asker.code()))
                    .map(f -> f.organisation().name()).orElse(asker.id());
            case HEALTH_TEAM -> reference.healthTeam(new OdsCode(asker.code()))
                    .map(t -> t.organisation().name()).orElse(asker.id());
            case SCHOOL -> asker.id();
        };
        try {
            LocatorAccessNotice notice;
            try {
                notice = new LocatorAccessNotice(TimeOrderedIds.next(), "locator-access|" + p.accessId(), asker,
                        p.accessId(), p.askedAt().toInstant(), askerName, p.person(), p.purpose(), p.caseReference(),
                        p.entryId(), p.entrySource(), p.involvement(), p.startedOn(), p.responsibleAuthority(),
                        p.hostAuthority());
            } catch (IllegalArgumentException invalid) {
                // the query's API checked what the notice checks: a row it cannot make a notice of never will
                LOG.error("locator access {}: no notice can be made of the row, given up: {}", p.accessId(),
                        invalid.getMessage());
                markRaised(p.accessId(), null);
                return true;
            }
            markRaised(p.accessId(), pipeline.apply(notice).exchangeId());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("locator access {}: notice not raised now, tried again later: {}", p.accessId(), e.toString());
            return false;
        }
    }

    private List<Pending> pending() {
        List<Pending> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT access_id, entry_id, entry_source, involvement,"
                     + " started_on, responsible_authority, host_authority, asked_by, asked_by_person, purpose,"
                     + " case_reference, asked_at FROM locator_access WHERE raised_at IS NULL"
                     + " ORDER BY asked_at, access_id")) {
            s.setMaxRows(BATCH);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Pending(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getDate(5).toLocalDate(), DfeLaCode.parse(r.getString(6)),
                            Optional.ofNullable(r.getString(7)).map(DfeLaCode::parse), r.getString(8),
                            r.getString(9), r.getString(10), r.getString(11), r.getTimestamp(12)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the pending locator access notices", e);
        }
        return rows;
    }

    /** Deletes the rows whose notices were raised (they name who asked); returns how many. The pending stay. */
    public int forgetRaised() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM locator_access WHERE raised_at IS NOT NULL")) {
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete the raised locator access rows", e);
        }
    }

    private void markRaised(String accessId, String exchangeId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE locator_access SET raised_at = ?, exchange_id = ?,"
                     + " case_reference = NULL WHERE access_id = ? AND raised_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setString(2, exchangeId);
            s.setString(3, accessId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark locator access " + accessId + " raised", e);
        }
    }
}
