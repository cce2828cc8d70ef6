package org.bridgeway.api;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.camel.Exchange;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.audit.TreeHead;
import org.bridgeway.audit.note.InvalidSignatureException;
import org.bridgeway.audit.note.MalformedNoteException;
import org.bridgeway.audit.note.NoteKey;
import org.bridgeway.audit.note.NoteSignature;
import org.bridgeway.audit.receipt.Receipts;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.model.Organisation;

/**
 * The audit log's public face: the latest signed tree head (as a C2SP checkpoint and as JSON), inclusion proofs
 * by index or leaf hash, consistency proofs, entries by range (identifiers and digests only), witnesses'
 * cosignatures, and receipts for the parties of an exchange.
 */
public final class AuditApi {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final AuditLog log;
    private final TreeHeadSigner signer;
    private final Receipts receipts;
    private final CallerIdentity callers;
    private final String certificatePem;

    public AuditApi(AuditLog log, TreeHeadSigner signer, CallerIdentity callers, String certificatePem) {
        this.log = log;
        this.signer = signer;
        this.receipts = new Receipts(log);
        this.callers = callers;
        this.certificatePem = certificatePem;
    }

    public void checkpoint(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "text/plain; charset=utf-8",
                log.latestHead().note().text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void certificate(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/x-pem-file",
                certificatePem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public void treeHead(Exchange exchange) {
        TreeHead head = log.latestHead();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("origin", head.note().checkpoint().origin());
        body.put("treeSize", head.size());
        body.put("rootHash", Base64.getEncoder().encodeToString(head.note().checkpoint().rootHash()));
        body.put("issuedAt", head.note().checkpoint().issuedAt().toString());
        body.put("checkpoint", head.note().text());
        body.put("timestampToken", head.timestampToken().orElse(null));
        ApiResponses.json(exchange, 200, body);
    }

    public void inclusionProof(Exchange exchange) {
        try {
            long treeSize = optionalNumber(exchange, "treeSize").orElseGet(() -> log.latestHead().size());
            long index;
            String leafHash = exchange.getMessage().getHeader("leafHash", String.class);
            if (leafHash != null) {
                OptionalLong found = log.indexOf(leafHash);
                if (found.isEmpty()) {
                    ApiResponses.problem(exchange, 404, "Not found", "no entry has that leaf hash", null);
                    return;
                }
                index = found.getAsLong();
            } else {
                index = optionalNumber(exchange, "index").orElseThrow(
                        () -> new IllegalArgumentException("give 'index' or 'leafHash'"));
            }
            if (index >= treeSize) {
                throw new IllegalArgumentException("entry " + index + " is not in the tree of size " + treeSize);
            }
            ApiResponses.json(exchange, 200, Map.of("index", index, "treeSize", treeSize,
                    "inclusionProof", base64(log.inclusionProof(index, treeSize))));
        } catch (IllegalArgumentException e) {
            ApiResponses.problem(exchange, 400, "Bad proof request", e.getMessage(), null);
        }
    }

    public void consistencyProof(Exchange exchange) {
        try {
            long first = optionalNumber(exchange, "first").orElseThrow(() -> new IllegalArgumentException("give 'first'"));
            long second = optionalNumber(exchange, "second").orElseGet(() -> log.latestHead().size());
            ApiResponses.json(exchange, 200, Map.of("first", first, "second", second,
                    "consistencyProof", base64(log.consistencyProof(first, second))));
        } catch (IllegalArgumentException e) {
            ApiResponses.problem(exchange, 400, "Bad proof request", e.getMessage(), null);
        }
    }

    public void entries(Exchange exchange) {
        try {
            long start = optionalNumber(exchange, "start").orElse(0L);
            long end = optionalNumber(exchange, "end").orElse(Math.min(log.committedSize(), start + 100));
            ApiResponses.json(exchange, 200, Map.of("start", start, "entries", log.entries(start, end)));
        } catch (IllegalArgumentException e) {
            ApiResponses.problem(exchange, 400, "Bad range", e.getMessage(), null);
        }
    }

    /** A witness hands in its cosignature of a head: {@code {treeSize, witness, publicKey, cosignature}}. */
    public void cosign(Exchange exchange) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(exchange.getMessage().getBody(byte[].class), Map.class);
            long treeSize = ((Number) body.get("treeSize")).longValue();
            NoteKey witness = new NoteKey((String) body.get("witness"),
                    Base64.getDecoder().decode((String) body.get("publicKey")));
            NoteSignature line = NoteSignature.parse(((String) body.get("cosignature")).strip());
            signer.addCosignature(treeSize, witness, line);
            ApiResponses.json(exchange, 201, Map.of("treeSize", treeSize, "witness", witness.name()));
        } catch (InvalidSignatureException e) {
            ApiResponses.problem(exchange, 422, "Cosignature refused", e.getMessage(), null);
        } catch (MalformedNoteException | java.io.IOException | RuntimeException e) {
            ApiResponses.problem(exchange, 400, "Bad cosignature",
                    "expected {treeSize, witness, publicKey (base64), cosignature (signature line)}", null);
        }
    }

    /**
     * Receipts for one exchange: the sender gets every entry of it; a recipient only the entries that concern
     * it. Anyone else is told there is nothing, so an exchange's existence is not disclosed.
     */
    public void exchangeReceipts(Exchange exchange) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        String exchangeId = exchange.getMessage().getHeader("exchangeId", String.class);
        List<AuditRecord> all = log.entriesFor(exchangeId);
        String id = caller.get().id();
        boolean sender = all.stream().anyMatch(r -> AuditEventType.RECEIVED.name().equals(r.field("type"))
                && id.equals(r.field("actor")));
        List<AuditRecord> mine = sender ? all : all.stream().filter(r -> concerns(r, id)).toList();
        if (mine.isEmpty()) {
            ApiResponses.problem(exchange, 404, "Not found", "no audit entries of this exchange concern the caller", null);
            return;
        }
        ApiResponses.json(exchange, 200, Map.of("exchangeId", exchangeId, "receipts", receipts.of(mine)));
    }

    private static boolean concerns(AuditRecord r, String organisation) {
        return organisation.equals(r.field("subject")) || organisation.equals(r.field("actor"));
    }

    private static Optional<Long> optionalNumber(Exchange exchange, String name) {
        String value = exchange.getMessage().getHeader(name, String.class);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("'" + name + "' is not a non-negative integer");
        }
        return Optional.of(Long.parseLong(value));
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(Base64.getEncoder()::encodeToString).toList();
    }

}
