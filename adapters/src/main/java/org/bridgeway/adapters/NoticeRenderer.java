package org.bridgeway.adapters;

import org.bridgeway.model.MinimisedNotice;

/** Renders a minimised notice in one recipient format. Implementations are pure and thread-safe. */
public interface NoticeRenderer {

    /** The format's name as it appears in delivery records and the demo output, e.g. "json", "fhir-r4". */
    String format();

    /** The media type of the rendered bytes, e.g. "application/json", "application/fhir+json". */
    String mediaType();

    byte[] render(MinimisedNotice notice);
}
