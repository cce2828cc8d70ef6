package org.bridgeway.intake;

import java.time.Clock;
import java.util.function.Supplier;
import org.bridgeway.adapters.missing.MissingEpisodeJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.model.Organisation;

/**
 * Missing-episode notices in, from a police force's or a council's system: one notice as JSON (the REST endpoint),
 * read and validated by the adapters with the gateway's time for the future-date rule (up to 5 minutes of clock skew
 * between the systems is accepted). The sender is the authenticated caller, never what the body says.
 */
public final class MissingEpisodeIntake {
    public static final String SCHEMA_RESOURCE = "/schemas/missing-episode.schema.json";

    private final MissingEpisodeJsonReader jsonReader = new MissingEpisodeJsonReader();
    private final Supplier<String> exchangeIds;
    private final Clock clock;

    public MissingEpisodeIntake(Supplier<String> exchangeIds, Clock clock) {
        this.exchangeIds = exchangeIds;
        this.clock = clock;
    }

    public static byte[] schemaDocument() {
        return PlacementJsonIntake.resource(SCHEMA_RESOURCE);
    }

    /** One notice as JSON from {@code sender}: accepted, or refused with every violation (no submitted value). */
    public JsonIntakeResult fromJson(byte[] body, Organisation sender) {
        MissingReadResult<?> read = jsonReader.read(body == null ? new byte[0] : body, sender, clock.instant(),
                exchangeIds);
        if (read instanceof MissingReadResult.Refused<?> refused) {
            return new JsonIntakeResult.Refused(refused.violations().stream().map(Violation::of).toList());
        }
        return new JsonIntakeResult.Accepted(((MissingReadResult.Accepted<?>) read).notice());
    }

}
