package org.bridgeway.audit.receipt;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.TreeHead;

/** Makes receipts for audit entries, all against one signed head that includes every one of them. */
public final class Receipts {
    private final AuditLog log;

    public Receipts(AuditLog log) {
        this.log = log;
    }

    public List<Receipt> of(List<AuditRecord> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        long newest = entries.stream().mapToLong(AuditRecord::seq).max().orElseThrow();
        TreeHead head = log.headIncluding(newest);
        List<Receipt> receipts = new ArrayList<>(entries.size());
        for (AuditRecord entry : entries) {
            List<String> proof = log.inclusionProof(entry.seq(), head.size()).stream()
                    .map(Base64.getEncoder()::encodeToString).toList();
            receipts.add(new Receipt(Receipt.FORMAT, entry.seq(), entry.leafHash(), entry.entryJson(),
                    head.note().text(), head.timestampToken().orElse(null), proof));
        }
        return receipts;
    }
}
