package org.bridgeway.pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.bridgeway.audit.SameTransaction;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.model.Notice;

/**
 * One notice on its way through the pipeline, gaining at each step what that step decided: its recipients,
 * a policy decision per recipient, and the minimised, rendered deliveries. Immutable: each step returns a new one.
 *
 * <p>A step may contribute {@code writes}: rows of its own (an episode's new state) that {@link DispatchAudit}
 * writes in the same database transaction as the notice's audit entries, so that a notice refused or failed later
 * leaves none of them, and a crash leaves all or nothing. A step may also <em>hold</em> the notice
 * ({@link #heldFor(String)}): it is then audited as received and held, with the reason, and goes no further until it is
 * released ({@link #released}), when it goes through the rest of the pipeline under the same exchange id.
 *
 * @param heldReason why the notice is held (a rule name), when a step held it
 * @param released   the notice was held earlier and is now released: admitted already, accepted now
 * @param outdated   its acceptance was refused because a step decided from rows another notice changed meanwhile
 *                   ({@link StepOutdated}): nothing of it was stored, and it goes through the pipeline again
 */
public record Dispatch(Notice notice, String exchangeId, Instant receivedAt, boolean duplicate,
                       List<Recipient> recipients, List<Disclosure> disclosures, List<DecidedWrite> writes,
                       Optional<String> heldReason, boolean released, boolean outdated) {

    /**
     * Rows a step writes in the notice's audit transaction that depend on what was decided after the step ran: who
     * the notice was disclosed to (the placement record keeps the recipients of a start). Runs on the audit log's
     * connection with the dispatch as accepted; must not commit or roll back.
     */
    @FunctionalInterface
    public interface DecidedWrite {
        void write(Connection connection, Dispatch decided) throws SQLException;
    }

    public Dispatch {
        Objects.requireNonNull(notice, "notice");
        Objects.requireNonNull(receivedAt, "receivedAt");
        recipients = List.copyOf(recipients);
        disclosures = List.copyOf(disclosures);
        writes = List.copyOf(writes);
        Objects.requireNonNull(heldReason, "heldReason");
    }

    public Dispatch(Notice notice, String exchangeId, Instant receivedAt, boolean duplicate,
                    List<Recipient> recipients, List<Disclosure> disclosures) {
        this(notice, exchangeId, receivedAt, duplicate, recipients, disclosures, List.of(), Optional.empty(), false,
                false);
    }

    public static Dispatch received(Notice notice, Instant at) {
        return new Dispatch(notice, notice.exchangeId(), at, false, List.of(), List.of());
    }

    /** A notice already admitted under {@code firstExchangeId}: it keeps that id and goes no further. */
    public static Dispatch duplicateOf(Notice notice, String firstExchangeId, Instant at) {
        return new Dispatch(notice, firstExchangeId, at, true, List.of(), List.of());
    }

    /** A notice already admitted and held under {@code firstExchangeId}, sent again: a duplicate, still held. */
    public static Dispatch duplicateOfHeld(Notice notice, String firstExchangeId, Instant at) {
        return new Dispatch(notice, firstExchangeId, at, true, List.of(), List.of(), List.of(),
                Optional.of(NoticeAdmission.HELD), false, false);
    }

    /** A held notice released to go through the rest of the pipeline, under the exchange id it was held under. */
    public static Dispatch releasedFromHold(Notice notice, Instant at) {
        return new Dispatch(notice, notice.exchangeId(), at, false, List.of(), List.of(), List.of(), Optional.empty(),
                true, false);
    }

    /** Whether a step held the notice: it is audited as held and goes no further now. */
    public boolean held() {
        return heldReason.isPresent();
    }

    /** The same dispatch, held by a step for {@code reason} (a rule name). */
    public Dispatch heldFor(String reason) {
        return new Dispatch(notice, exchangeId, receivedAt, duplicate, recipients, disclosures, writes,
                Optional.of(reason), released, outdated);
    }

    /** The same dispatch with {@code write} to be made in the notice's audit transaction, after those before it. */
    public Dispatch withWrite(SameTransaction write) {
        return withDecidedWrite((connection, decided) -> write.write(connection));
    }

    /** The same dispatch with {@code write}, made in the notice's audit transaction once all is decided. */
    public Dispatch withDecidedWrite(DecidedWrite write) {
        return new Dispatch(notice, exchangeId, receivedAt, duplicate, recipients, disclosures,
                Stream.concat(writes.stream(), Stream.of(write)).toList(), heldReason, released, outdated);
    }

    /** The same notice with what a step added to it (e.g. an early warning); its identity is unchanged. */
    public Dispatch withNotice(Notice amended) {
        if (!amended.exchangeId().equals(notice.exchangeId())
                || !amended.idempotencyKey().equals(notice.idempotencyKey())) {
            throw new IllegalArgumentException("a step may amend a notice, not replace it with another");
        }
        return new Dispatch(amended, exchangeId, receivedAt, duplicate, recipients, disclosures, writes, heldReason,
                released, outdated);
    }

    public Dispatch withRecipients(List<Recipient> resolved) {
        return new Dispatch(notice, exchangeId, receivedAt, duplicate, resolved, disclosures, writes, heldReason,
                released, outdated);
    }

    public Dispatch withDisclosures(List<Disclosure> decided) {
        return new Dispatch(notice, exchangeId, receivedAt, duplicate, recipients, decided, writes, heldReason,
                released, outdated);
    }

    /**
     * The same dispatch, its acceptance refused as outdated ({@link StepOutdated}): to go through the pipeline
     * again.
     */
    public Dispatch asOutdated() {
        return new Dispatch(notice, exchangeId, receivedAt, duplicate, recipients, disclosures, writes, heldReason,
                released, true);
    }

    public List<Delivery> deliveries() {
        return disclosures.stream().filter(d -> d.delivery() != null).map(Disclosure::delivery).toList();
    }
}
