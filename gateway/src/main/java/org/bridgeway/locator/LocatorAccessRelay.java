package org.bridgeway.locator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
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
 * admitted once and delivered once: the second is a duplicate.
 */
public final class LocatorAccessRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocatorAccessRelay.class);
    static final long PASS_MILLIS = 500;
    private static final int BATCH = 200;

    private final DataSource dataSource;
    private final ReferenceData reference;
    private final LocatorIndex index;
    private final Function<Notice, Dispatch> pipeline;
    private final Clock clock;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "locator-access-relay");
        t.setDaemon(true);
        return t;
    });

    /** @param pipeline sends a notice down {@code direct:notice} and returns its dispatch once accepted */
    public LocatorAccessRelay(DataSource dataSource, ReferenceData reference, LocatorIndex index,
                              Function<Notice, Dispatch> pipeline, Clock clock) {
        this.dataSource = dataSource;
        this.reference = reference;
        this.index = index;
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

    private record Pending(String accessId, String entryId, String responsibleAuthority, String askedBy,
                           String person, String purpose, String caseReference, Timestamp askedAt) {
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
            Optional<LocatorIndex.Stored> entry = entry(p.entryId());
            String exchangeId;
            if (entry.isEmpty()) {
                // withdrawn or swept since the query: the authority no longer holds what was read, nothing to tell
                exchangeId = null;
            } else {
                LocatorIndex.Entry e = entry.get().entry();
                LocatorAccessNotice notice;
                try {
                    notice = new LocatorAccessNotice(TimeOrderedIds.next(), "locator-access|" + p.accessId(), asker,
                            p.accessId(), p.askedAt().toInstant(), askerName, p.person(), p.purpose(),
                            p.caseReference(), entry.get().entryId(), e.source(), e.involvement().name(),
                            e.startedOn(), DfeLaCode.parse(p.responsibleAuthority()), e.hostAuthority());
                } catch (IllegalArgumentException invalid) {
                    // the query's API checked what the notice checks: a row it cannot make a notice of never will
                    LOG.error("locator access {}: no notice can be made of the row, given up: {}", p.accessId(),
                            invalid.getMessage());
                    markRaised(p.accessId(), null);
                    return true;
                }
                exchangeId = pipeline.apply(notice).exchangeId();
            }
            markRaised(p.accessId(), exchangeId);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("locator access {}: notice not raised now, tried again later: {}", p.accessId(), e.toString());
            return false;
        }
    }

    private Optional<LocatorIndex.Stored> entry(String entryId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT origin FROM locator_entry WHERE entry_id = ?")) {
            s.setString(1, entryId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? index.byOrigin(c, r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read locator entry " + entryId, e);
        }
    }

    private List<Pending> pending() {
        List<Pending> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT access_id, entry_id, responsible_authority, asked_by,"
                     + " asked_by_person, purpose, case_reference, asked_at FROM locator_access WHERE raised_at IS NULL"
                     + " ORDER BY asked_at, access_id")) {
            s.setMaxRows(BATCH);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Pending(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6), r.getString(7), r.getTimestamp(8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the pending locator access notices", e);
        }
        return rows;
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
