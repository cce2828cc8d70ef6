package org.bridgeway.workflow;

import java.util.Objects;

/**
 * How an update names the missing episode it updates: by the gateway's episode id, by the reporting force and its
 * police reference, or by the reporting organisation and its own reference (a council or a children's home, through
 * the council's system). {@link #key()} is the one string form, kept on a held update until its episode exists.
 */
public sealed interface EpisodeReference {

    /** {@code episode:<id>}, {@code police:<force>|<reference>} or {@code reporter:<organisation id>|<reference>}. */
    String key();

    /** The reference a {@link #key()} names. */
    static EpisodeReference parse(String key) {
        int colon = key.indexOf(':');
        String kind = colon < 0 ? "" : key.substring(0, colon);
        String rest = key.substring(colon + 1);
        int bar = rest.indexOf('|');
        return switch (kind) {
            case "episode" -> new ById(rest);
            case "police" -> new ByPoliceReference(rest.substring(0, bar), rest.substring(bar + 1));
            case "reporter" -> new ByReporterReference(rest.substring(0, bar), rest.substring(bar + 1));
            default -> throw new IllegalArgumentException("not an episode reference: " + kind);
        };
    }

    record ById(String episodeId) implements EpisodeReference {
        public ById {
            Objects.requireNonNull(episodeId, "episodeId");
        }

        @Override
        public String key() {
            return "episode:" + episodeId;
        }
    }

    record ByPoliceReference(String force, String policeReference) implements EpisodeReference {
        public ByPoliceReference {
            Objects.requireNonNull(force, "force");
            Objects.requireNonNull(policeReference, "policeReference");
        }

        @Override
        public String key() {
            return "police:" + force + "|" + policeReference;
        }
    }

    record ByReporterReference(String reporterId, String reference) implements EpisodeReference {
        public ByReporterReference {
            Objects.requireNonNull(reporterId, "reporterId");
            Objects.requireNonNull(reference, "reference");
        }

        @Override
        public String key() {
            return "reporter:" + reporterId + "|" + reference;
        }
    }
}
