package org.bridgeway.handover.report;

import java.util.List;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.store.AuditStore;

/** The audit entries a report reads, from the running gateway's log or, offline, from its store. */
public interface AuditEntries {

    /** The number of committed entries. */
    long size();

    /** Entries {@code [from, to)}, in order. */
    List<AuditRecord> entries(long from, long to);

    static AuditEntries of(AuditLog log) {
        return new AuditEntries() {
            @Override
            public long size() {
                return log.committedSize();
            }

            @Override
            public List<AuditRecord> entries(long from, long to) {
                return log.entries(from, to);
            }
        };
    }

    static AuditEntries of(AuditStore store) {
        return new AuditEntries() {
            @Override
            public long size() {
                return store.treeSize();
            }

            @Override
            public List<AuditRecord> entries(long from, long to) {
                return store.entries(from, to);
            }
        };
    }
}
