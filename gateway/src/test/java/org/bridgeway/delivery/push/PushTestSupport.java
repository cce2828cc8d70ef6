package org.bridgeway.delivery.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.audit.AuditRecord;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.testing.SyntheticPlacements;

/** Placement notices, push configuration and the command line, for the push delivery tests. */
final class PushTestSupport {
    static final String GMP = "police:greater-manchester";
    static final String WEST_MIDLANDS = "police:west-midlands";

    private PushTestSupport() {
    }

    /**
     * {@code count} distinct placement notices of the first synthetic child (placed in Manchester, so told to
     * Greater Manchester Police), each with its own source reference and so its own idempotency key.
     */
    static List<PlacementNotice> manchesterPlacements(Gateway gateway, String tag, int count) {
        return placements(gateway, SyntheticPlacements.EVERY_FIELD.get(0), tag, count);
    }

    /** Notices of the second synthetic child (placed in Birmingham: West Midlands Police, which pulls). */
    static List<PlacementNotice> birminghamPlacements(Gateway gateway, String tag, int count) {
        return placements(gateway, SyntheticPlacements.EVERY_FIELD.get(1), tag, count);
    }

    private static List<PlacementNotice> placements(Gateway gateway, SyntheticPlacements.Spec s, String tag,
                                                    int count) {
        List<PlacementNotice> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SyntheticPlacements.Spec spec = new SyntheticPlacements.Spec(s.sourceReference() + "/" + tag + "-" + i,
                    s.localId(), s.nhsNumber(), s.upn(), s.givenName(), s.familyName(), s.sex(), s.dateOfBirth(),
                    s.ethnicity(), s.homePostcode(), s.startDate(), s.reasonForNewEpisode(), s.legalStatus(),
                    s.categoryOfNeed(), s.type(), s.provider(), s.postcode(), s.providerUrn(), s.reasonForChange(),
                    s.risks());
            out.add(SyntheticPlacements.notice(gateway.reference(), spec));
        }
        return out;
    }

    /** push-endpoints.yaml in the data directory: Greater Manchester Police pushes to the stand-in. */
    static void pushConfig(Path data, String url, String receiveTimeout, String firstDelay, String maxDelay,
                           int maxAttempts) {
        String yaml = """
                retry:
                  firstDelay: %s
                  multiplier: 2
                  maxDelay: %s
                  maxAttempts: %d
                forces:
                  %s:
                    url: %s
                    connectTimeout: 1s
                    receiveTimeout: %s
                """.formatted(firstDelay, maxDelay, maxAttempts, GMP, url, receiveTimeout);
        try {
            Files.createDirectories(data);
            Files.writeString(PushEndpoints.file(data), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audit entries of one type, as their canonical JSON. */
    static List<String> auditEntries(Gateway gateway, String exchangeId, String type) {
        return gateway.auditLog().entriesFor(exchangeId).stream().map(AuditRecord::entryJson)
                .filter(json -> json.contains("\"type\":\"" + type + "\"")).toList();
    }

}
