package org.bridgeway.audit;

import java.util.Optional;
import org.bridgeway.audit.note.SignedCheckpoint;

/**
 * A signed tree head as served: the checkpoint signed by the gateway with any witnesses' cosignatures, and the
 * RFC 3161 timestamp token (base64 DER) over the gateway-signed note once the time-stamping authority has given
 * one.
 */
public record TreeHead(SignedCheckpoint note, Optional<String> timestampToken) {
    public long size() {
        return note.checkpoint().size();
    }
}
