package org.bridgeway.model;

/**
 * What one missing-episode notice tells about its episode: the first report, a new risk grade, the child found or
 * returned, or the episode closed (by the police after the prevention interview, or by the reporter).
 */
public enum EpisodeUpdate {
    REPORTED, RISK_REGRADED, FOUND, CLOSED;

    public String code() {
        return name();
    }

    public static EpisodeUpdate fromCode(String text) {
        return Codes.parse(values(), text, "episode-update.code", "the update");
    }
}
