package org.bridgeway.timeliness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.model.DfeLaCode;

/**
 * The {@code placement_timeliness} table (V44): one row per accepted placement notice, written in the notice's audit
 * transaction, and the report that reads them. No child and no placement date are kept: the authority, the rule,
 * the due and received dates and how late.
 */
public final class TimelinessRecords {
    /** The buckets of lateness the report counts, in working days: each a range, inclusive. */
    static final List<int[]> LATE_BUCKETS = List.of(new int[] {1, 1}, new int[] {2, 5}, new int[] {6, 10},
            new int[] {11, Integer.MAX_VALUE});

    /** What the regulations allow, by the rule a notice is measured against. */
    public enum Regulation {
        /** A placement's start: before it, or within 5 working days of an emergency placement. */
        REGULATION_13(5),
        /** A placement's end: before it, or within 10 working days where prior notice was impracticable. */
        REGULATION_14(10);

        private final int emergencyWorkingDays;

        Regulation(int emergencyWorkingDays) {
            this.emergencyWorkingDays = emergencyWorkingDays;
        }

        public int emergencyWorkingDays() {
            return emergencyWorkingDays;
        }
    }

    /** One notice's measure. */
    public record Row(String exchangeId, DfeLaCode placingAuthority, Regulation regulation, boolean emergency,
                      String source, LocalDate dueBy, LocalDate receivedOn, int workingDaysLate) {
    }

    private final DataSource dataSource;

    public TimelinessRecords(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes {@code row} on the notice's audit transaction's connection. */
    public void insert(Connection connection, Row row, Instant at) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO placement_timeliness (exchange_id,"
                + " placing_authority, regulation, emergency, source, due_by, received_on, working_days_late,"
                + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, row.exchangeId());
            s.setString(2, row.placingAuthority().value());
            s.setString(3, row.regulation().name());
            s.setBoolean(4, row.emergency());
            s.setString(5, row.source());
            s.setObject(6, row.dueBy());
            s.setObject(7, row.receivedOn());
            s.setInt(8, row.workingDaysLate());
            s.setTimestamp(9, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    /**
     * The distribution of the notices {@code authority} sent that the gateway received from {@code from} to
     * {@code to} (both included): all of them, and per rule, emergency or not, and source, since a return sent
     * months after the events and a case system's real-time notice are different questions.
     */
    public Map<String, Object> report(DfeLaCode authority, LocalDate from, LocalDate to) {
        Map<Group, Distribution> groups = new TreeMap<>(Comparator.comparing(Group::regulation)
                .thenComparing(Group::emergency).thenComparing(Group::source));
        Distribution total = new Distribution();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT regulation, emergency, source, working_days_late,"
                     + " COUNT(*) FROM placement_timeliness WHERE placing_authority = ? AND received_on >= ?"
                     + " AND received_on <= ? GROUP BY regulation, emergency, source, working_days_late")) {
            s.setString(1, authority.value());
            s.setObject(2, from);
            s.setObject(3, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Group group = new Group(r.getString(1), r.getBoolean(2), r.getString(3));
                    int late = r.getInt(4);
                    long count = r.getLong(5);
                    groups.computeIfAbsent(group, g -> new Distribution()).add(late, count);
                    total.add(late, count);
                }
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the placement timeliness records", e);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("placingAuthority", authority.value());
        report.put("from", from.toString());
        report.put("to", to.toString());
        report.put("total", total.view());
        List<Map<String, Object>> byGroup = new ArrayList<>();
        groups.forEach((group, d) -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("regulation", group.regulation());
            view.put("emergency", group.emergency());
            view.put("source", group.source());
            view.putAll(d.view());
            byGroup.add(view);
        });
        report.put("groups", byGroup);
        return report;
    }

    private record Group(String regulation, boolean emergency, String source) {
    }

    /** Counts of notices on time and late, the late ones by how many working days. */
    private static final class Distribution {
        private long notices;
        private long onTime;
        private final long[] lateBy = new long[LATE_BUCKETS.size()];

        void add(int workingDaysLate, long count) {
            notices += count;
            if (workingDaysLate == 0) {
                onTime += count;
                return;
            }
            for (int i = 0; i < LATE_BUCKETS.size(); i++) {
                if (workingDaysLate >= LATE_BUCKETS.get(i)[0] && workingDaysLate <= LATE_BUCKETS.get(i)[1]) {
                    lateBy[i] += count;
                }
            }
        }

        Map<String, Object> view() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("notices", notices);
            out.put("onTime", onTime);
            out.put("late", notices - onTime);
            Map<String, Object> buckets = new LinkedHashMap<>();
            for (int i = 0; i < LATE_BUCKETS.size(); i++) {
                int[] b = LATE_BUCKETS.get(i);
                buckets.put(b[1] == Integer.MAX_VALUE ? b[0] + "+" : b[0] == b[1] ? Integer.toString(b[0])
                        : b[0] + "-" + b[1], lateBy[i]);
            }
            out.put("lateByWorkingDays", buckets);
            return out;
        }
    }
}
