package org.bridgeway.workflow;

import org.bridgeway.model.MissingEpisodeNotice;

/**
 * A held update kept as a document and read back when it is released, the same notice under the same exchange id.
 * The gateway keeps it in the published JSON form of the missing-episode API, read back by the same reader.
 */
public interface HeldDocuments {

    String write(MissingEpisodeNotice notice);

    MissingEpisodeNotice read(String document, String exchangeId, String idempotencyKey);
}
