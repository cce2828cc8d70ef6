package org.bridgeway.workflow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.ChildIdentity;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.pipeline.ChildMatchKeys;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.ExchangeStep;
import org.bridgeway.pipeline.MissingEpisodeParties;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.PoliceForce;
import org.bridgeway.store.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The missing-episode exchange's own step: applies each update to the gateway's record of its episode
 * ({@link MissingEpisodes}), in order and once, and says on the notice which episode it belongs to.
 *
 * <ul>
 *   <li>A report opens an episode ({@code ME-} and a time-ordered id) with its responsible authority, host
 *       authority and forces; the report carries the id to its recipients, the sender learns it from the answer
 *       ({@link #episodeOf}), and every update carries it. A second, different report of the same police report
 *       or reporter's reference is refused ({@code episode.duplicate-report}, 409, naming the episode).</li>
 *   <li>An update names its episode by id (an id the gateway never gave is refused, {@code episode.unknown-id}), by
 *       force and police reference, or by the reporter's reference. One that names an episode not yet reported, or
 *       that arrives behind another update of its episode still held, is <em>held</em> ({@link HeldUpdates}) and
 *       released in order once the report is accepted ({@link HeldUpdateRelease}).</li>
 *   <li>An update is refused when its sender is not a party to the episode (403, {@code episode.update.not-a-party}),
 *       when the episode is closed (409, {@code episode.closed}), when a regrade is older than the update last
 *       applied (409, {@code episode.update.stale}), and when the child was already found (409,
 *       {@code episode.already-found}).</li>
 *   <li>A found update opens the return home interview task ({@link ReturnInterviewTasks}).</li>
 * </ul>
 * Every change is written with the notice's audit entries, in their transaction ({@link Dispatch#withWrite}): a notice
 * refused or failed later changes no episode. The notice is amended with what the gateway recorded (the episode id,
 * the responsible and host authorities), so that an update goes to the parties of the report whatever its sender
 * knew.
 */
public final class MissingEpisodeLedger implements ExchangeStep {
    private static final Logger LOG = LoggerFactory.getLogger(MissingEpisodeLedger.class);

    private final MissingEpisodes episodes;
    private final HeldUpdates held;
    private final HeldDocuments documents;
    private final MissingEpisodeParties parties;
    private final ReturnInterviewTasks interviews;
    private final KeyedDigest matchKeys;
    private final Clock clock;

    public MissingEpisodeLedger(MissingEpisodes episodes, HeldUpdates held, HeldDocuments documents,
                                MissingEpisodeParties parties, ReturnInterviewTasks interviews, KeyedDigest matchKeys,
                                Clock clock) {
        this.episodes = episodes;
        this.held = held;
        this.documents = documents;
        this.parties = parties;
        this.interviews = interviews;
        this.matchKeys = matchKeys;
        this.clock = clock;
    }

    @Override
    public Dispatch apply(Dispatch dispatch) {
        if (!(dispatch.notice() instanceof MissingEpisodeNotice notice)) {
            return dispatch;
        }
        return notice.update() == EpisodeUpdate.REPORTED ? report(dispatch, notice) : update(dispatch, notice);
    }

    private Dispatch report(Dispatch dispatch, MissingEpisodeNotice notice) {
        for (EpisodeReference reference : references(notice)) {
            Optional<MissingEpisodes.Episode> existing = episodes.find(reference);
            if (existing.isPresent()) {
                throw new RuleRefused(409, "episode.duplicate-report", "this episode was already reported, under"
                        + " another notice: send an update naming the episode",
                        Map.of("episodeId", existing.get().episodeId()));
            }
        }
        LocalAuthority responsible = parties.responsibleAuthority(notice);
        LocalAuthority area = parties.missingFromArea(notice, responsible);
        Optional<String> areaForce = parties.forceOf(area).map(f -> f.code().value());
        Optional<String> homeForce = parties.homeForce(notice).map(f -> f.code().value())
                .filter(home -> !areaForce.equals(Optional.of(home)));
        Instant now = clock.instant();
        String episodeId = MissingEpisodeNotice.EPISODE_ID_PREFIX + TimeOrderedIds.next();
        MissingEpisodes.Episode episode = new MissingEpisodes.Episode(episodeId,
                notice.reporterReference().map(r -> MissingEpisodes.reporterKey(
                        new EpisodeReference.ByReporterReference(notice.sender().id(), r))),
                notice.reportedBy().name(), notice.sender().id(),
                notice.reportingForce().map(f -> f.value()), notice.policeReference(),
                responsible.dfeCode(), notice.hostAuthority(),
                notice.policeReference().isPresent() ? areaForce : Optional.empty(), homeForce,
                Optional.empty(), MissingEpisodes.State.OPEN, notice.episode().type().code(), notice.start(),
                Optional.empty(), risk(notice.riskLevel()), notice.child().identity().localId(),
                matchKey(responsible.dfeCode(), notice.child().identity()), EpisodeUpdate.REPORTED,
                notice.updatedAt().toInstant(), notice.idempotencyKey(), reportFingerprint(notice),
                notice.idempotencyKey(), notice.isLookedAfter());
        LOG.info("exchange {}: missing episode {} reported", dispatch.exchangeId(), episodeId);
        // A sender may not name a report's episode; the gateway gives the report the id it assigned, so that every
        // recipient can name the episode in what it sends back (an outcome names it by id). The sender is answered
        // with the id (episodeOf).
        return dispatch.withNotice(notice.withEpisodeId(episodeId)).withWrite(c -> episodes.insert(c, episode, now));
    }

    /**
     * A report the admission found already accepted under its idempotency key (sender, reference, update, time):
     * the same report again is a duplicate, answered as such; a report with other content under the same key is a
     * second, different report of the episode, refused as {@code episode.duplicate-report}.
     */
    public void checkResubmission(Dispatch duplicate) {
        if (!duplicate.duplicate() || !(duplicate.notice() instanceof MissingEpisodeNotice notice)
                || notice.update() != EpisodeUpdate.REPORTED) {
            return;
        }
        for (EpisodeReference reference : references(notice)) {
            Optional<MissingEpisodes.Episode> recorded = episodes.find(reference);
            if (recorded.isPresent() && !recorded.get().reportFingerprint().equals(reportFingerprint(notice))) {
                throw new RuleRefused(409, "episode.duplicate-report", "this episode was already reported with"
                        + " other content: send an update naming the episode",
                        Map.of("episodeId", recorded.get().episodeId()));
            }
        }
    }

    /** A keyed digest of the report's fields, as the sender sent them (no gateway addition). */
    private String reportFingerprint(MissingEpisodeNotice notice) {
        StringBuilder text = new StringBuilder("report:");
        notice.fields().forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return matchKeys.of(text.toString());
    }

    /** The episode a notice that went through (or was held) belongs to, when it is recorded. */
    public Optional<String> episodeOf(MissingEpisodeNotice notice) {
        if (notice.episodeId().isPresent()) {
            return notice.episodeId(); // this step named it, or the sender did and the step checked it
        }
        for (EpisodeReference reference : references(notice)) {
            Optional<MissingEpisodes.Episode> found = episodes.find(reference);
            if (found.isPresent()) {
                return Optional.of(found.get().episodeId());
            }
        }
        return Optional.empty();
    }

    private Dispatch update(Dispatch dispatch, MissingEpisodeNotice notice) {
        List<EpisodeReference> references = references(notice);
        Optional<MissingEpisodes.Episode> found = Optional.empty();
        for (EpisodeReference reference : references) {
            found = episodes.find(reference);
            if (found.isPresent()) {
                break;
            }
            if (reference instanceof EpisodeReference.ById) {
                // the gateway gives episode ids: one it never gave will never be reported
                throw new RuleRefused(409, "episode.unknown-id", "no episode has this id");
            }
        }
        List<String> keys = new ArrayList<>(references.stream().map(EpisodeReference::key).toList());
        found.ifPresent(e -> keys.addAll(references(e)));
        if (!dispatch.released()) {
            if (found.isEmpty()) {
                return hold(dispatch, notice, references, HeldUpdates.EPISODE_UNKNOWN);
            }
            if (held.anyWaiting(keys)) {
                return hold(dispatch, notice, references, HeldUpdates.BEHIND_HELD_UPDATE);
            }
        } else {
            List<HeldUpdates.HeldUpdate> waiting = held.waiting(keys);
            if (!waiting.isEmpty() && !waiting.get(0).idempotencyKey().equals(notice.idempotencyKey())) {
                throw new RuleRefused(409, HeldUpdateRelease.OUT_OF_ORDER, "an earlier held update of this episode"
                        + " is released first");
            }
        }
        MissingEpisodes.Episode episode = found.orElseThrow(() -> new IllegalStateException(
                "a released update names no recorded episode: exchange " + dispatch.exchangeId()));
        MissingEpisodes.Episode after = applied(episode, notice);
        Instant now = clock.instant();
        Dispatch amended = dispatch.withNotice(asRecorded(notice, episode))
                .withWrite(c -> episodes.update(c, episode, after, now));
        if (notice.update() == EpisodeUpdate.FOUND) {
            EpisodeReturned returned = new EpisodeReturned(episode.episodeId(), episode.responsibleAuthority(),
                    episode.hostAuthority(), after.end().orElseThrow(), notice.idempotencyKey(),
                    episode.policeReference(), episode.reportingForce(), episode.childLocalId());
            amended = amended.withWrite(c -> interviews.opened(c, returned));
        }
        if (dispatch.released()) {
            amended = amended.withWrite(c -> {
                if (!held.released(c, notice.idempotencyKey(), Optional.of(episode.episodeId()), "applied", now)) {
                    throw new RuleRefused(409, HeldUpdateRelease.OUT_OF_ORDER, "this held update was released"
                            + " meanwhile");
                }
            });
        }
        LOG.info("exchange {}: {} applied to missing episode {}", dispatch.exchangeId(), notice.update(),
                episode.episodeId());
        return amended;
    }

    /** The episode after the update, or the refusal that says why it cannot be applied. */
    private static MissingEpisodes.Episode applied(MissingEpisodes.Episode episode, MissingEpisodeNotice notice) {
        if (!episode.hasParty(notice.sender())) {
            throw new RuleRefused(403, "episode.update.not-a-party", "only the episode's reporter, its forces and"
                    + " its responsible and host authorities update it");
        }
        if (episode.state() == MissingEpisodes.State.CLOSED) {
            throw new RuleRefused(409, "episode.closed", "the episode is closed: a new episode is a new report",
                    Map.of("episodeId", episode.episodeId()));
        }
        Instant updatedAt = notice.updatedAt().toInstant();
        if (notice.update() == EpisodeUpdate.RISK_REGRADED && updatedAt.isBefore(episode.lastUpdatedAt())) {
            throw new RuleRefused(409, "episode.update.stale", "a later update of this episode was applied already;"
                    + " this regrade is older than it", Map.of("episodeId", episode.episodeId()));
        }
        if (notice.update() == EpisodeUpdate.FOUND && episode.state() != MissingEpisodes.State.OPEN) {
            throw new RuleRefused(409, "episode.already-found", "the child was already recorded as found",
                    Map.of("episodeId", episode.episodeId()));
        }
        Instant lastAt = updatedAt.isAfter(episode.lastUpdatedAt()) ? updatedAt : episode.lastUpdatedAt();
        // a police reference given later (a council's report taken up by the force) makes the force the handler
        Optional<String> handling = episode.handlingForce().or(() -> notice.policeReference()
                .flatMap(r -> notice.reportingForce().map(f -> f.value())));
        return switch (notice.update()) {
            case RISK_REGRADED -> episode.updated(episode.state(), episode.end(), risk(notice.riskLevel()),
                    episode.foundAuthority(), handling, EpisodeUpdate.RISK_REGRADED, lastAt, notice.idempotencyKey());
            case FOUND -> episode.updated(MissingEpisodes.State.FOUND, notice.end(), episode.riskLevel(),
                    notice.foundAuthority(), handling, EpisodeUpdate.FOUND, lastAt, notice.idempotencyKey());
            case CLOSED -> episode.updated(MissingEpisodes.State.CLOSED,
                    episode.end().or(notice::end).or(() -> Optional.of(updatedAt)), episode.riskLevel(),
                    episode.foundAuthority().or(notice::foundAuthority), handling, EpisodeUpdate.CLOSED, lastAt,
                    notice.idempotencyKey());
            case REPORTED -> throw new IllegalArgumentException("a report is not an update");
        };
    }

    /**
     * The update with what the gateway recorded of its episode: the episode id, the responsible authority (as the
     * child's placing or named responsible authority) and the host authority, so that it reaches the report's parties.
     */
    private static MissingEpisodeNotice asRecorded(MissingEpisodeNotice notice, MissingEpisodes.Episode episode) {
        MissingEpisodeNotice recorded = notice.withEpisodeId(episode.episodeId());
        if (!recorded.placingAuthority().equals(Optional.of(episode.responsibleAuthority()))) {
            recorded = recorded.withPlacingAuthority(episode.responsibleAuthority());
        }
        if (episode.hostAuthority().isPresent() && recorded.hostAuthority().isEmpty()) {
            recorded = recorded.withHostAuthority(episode.hostAuthority().get());
        }
        return recorded;
    }

    private Dispatch hold(Dispatch dispatch, MissingEpisodeNotice notice, List<EpisodeReference> references,
                          String reason) {
        Instant now = clock.instant();
        HeldUpdates.HeldUpdate update = new HeldUpdates.HeldUpdate(TimeOrderedIds.next(), notice.exchangeId(),
                notice.idempotencyKey(), notice.sender().id(), references.get(0).key(), notice.update(),
                notice.updatedAt().toInstant(), reason, now, Optional.of(documents.write(notice)), Optional.empty(),
                Optional.empty(), Optional.empty());
        LOG.info("exchange {}: {} held ({})", dispatch.exchangeId(), notice.update(), reason);
        return dispatch.heldFor(reason).withWrite(c -> held.hold(c, update));
    }

    /** The ways the notice names its episode, the most precise first. */
    static List<EpisodeReference> references(MissingEpisodeNotice notice) {
        List<EpisodeReference> references = new ArrayList<>();
        notice.episodeId().ifPresent(id -> references.add(new EpisodeReference.ById(id)));
        if (notice.reportingForce().isPresent() && notice.policeReference().isPresent()) {
            references.add(new EpisodeReference.ByPoliceReference(notice.reportingForce().get().value(),
                    notice.policeReference().get()));
        }
        notice.reporterReference().ifPresent(r ->
                references.add(new EpisodeReference.ByReporterReference(notice.sender().id(), r)));
        return references;
    }

    /** The keys of every way an episode can be named, for the held updates that wait for it. */
    private static List<String> references(MissingEpisodes.Episode episode) {
        List<String> keys = new ArrayList<>();
        keys.add(new EpisodeReference.ById(episode.episodeId()).key());
        if (episode.reportingForce().isPresent() && episode.policeReference().isPresent()) {
            keys.add(new EpisodeReference.ByPoliceReference(episode.reportingForce().get(),
                    episode.policeReference().get()).key());
        }
        episode.reporterKey().ifPresent(k -> keys.add("reporter:" + k));
        return keys;
    }

    private static String risk(Optional<RiskLevel> level) {
        return level.map(RiskLevel::code).orElse("UNGRADED");
    }

    /**
     * The child's match key: a keyed digest of the responsible authority and its child id, or of the folded names
     * and date of birth when the sender (a force) does not know the id. Without the key it cannot be tied to a child.
     */
    String matchKey(DfeLaCode responsible, ChildIdentity child) {
        if (child.localId().isPresent()) {
            return matchKeys.of("la-child:" + responsible.value() + "|" + child.localId().get());
        }
        return ChildMatchKeys.ofNameAndBirth(matchKeys, "child", child.familyName().orElseThrow(),
                child.givenName().orElseThrow(), child.dateOfBirth().orElseThrow());
    }
}
