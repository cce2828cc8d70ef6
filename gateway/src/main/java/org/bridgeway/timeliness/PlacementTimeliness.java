package org.bridgeway.timeliness;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.directory.BankHolidayCalendar.OutsideCalendarException;
import org.bridgeway.directory.WorkingDays;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.PlacementEvent;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.PlacementNotice.Notification;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.ExchangeStep;
import org.bridgeway.timeliness.TimelinessRecords.Regulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placement exchange's own step: measures how timely the notice is and adds the placing authority's contacts,
 * so that every recipient sees both in what it receives ({@code notification.*}, {@code placingAuthority.*Contact}).
 *
 * <p>A notice is due by the day its placement starts, or, for an emergency placement, by the 5th working day after
 * (regulation 13); a change by the day the new placement starts, likewise; an end by the day it ends, or where
 * prior notice was impracticable (the sender's emergency flag) by the 10th working day after (regulation 14). It is
 * measured on the day the gateway received it, in England. A notice received on a weekend or
 * bank holiday is read on the next working day, so that one received on the Saturday after a Friday placement is a
 * working day late, and "late" always means at least one working day late. The measure is written to
 * {@code placement_timeliness} in the notice's audit transaction ({@link Dispatch#withWrite}), for the report. A
 * notice whose dates lie outside the bank-holiday calendar's years is carried unmeasured, with a warning to extend
 * the calendar: a count that could miss a bank holiday would tell a recipient something false.
 */
public final class PlacementTimeliness implements ExchangeStep {
    private static final Logger LOG = LoggerFactory.getLogger(PlacementTimeliness.class);

    private final AuthorityDirectory directory;
    private final WorkingDays workingDays;
    private final TimelinessRecords records;
    private final Clock clock;

    public PlacementTimeliness(AuthorityDirectory directory, WorkingDays workingDays, TimelinessRecords records,
                               Clock clock) {
        this.directory = directory;
        this.workingDays = workingDays;
        this.records = records;
        this.clock = clock;
    }

    @Override
    public Dispatch apply(Dispatch dispatch) {
        if (!(dispatch.notice() instanceof PlacementNotice notice)) {
            return dispatch;
        }
        DfeLaCode placing = DfeLaCode.parse(notice.sender().code());
        Notification notification = directory.of(placing)
                .map(e -> notice.notification().withContacts(e.describeOffice(), e.describeOutOfHours()))
                .orElse(notice.notification());
        LocalDate receivedOn = LocalDate.ofInstant(dispatch.receivedAt(), AuthorityDirectory.ENGLAND);
        // an end is measured against its own date (regulation 14), and so is a move to another area, which ends the
        // placement in the area left (the new area's start is measured as a start); a start or a change of carer
        // against the (new) placement's start (regulation 13)
        boolean ended = notice.event() == PlacementEvent.ENDED;
        boolean movedAway = notice.lifecycle().isMove();
        Regulation regulation = ended || movedAway ? Regulation.REGULATION_14 : Regulation.REGULATION_13;
        LocalDate eventDate = ended ? notice.lifecycle().endDate().orElseThrow()
                : movedAway ? notice.lifecycle().endDate().orElse(notice.placement().startDate())
                : notice.placement().startDate();
        Optional<Measure> measure = measure(regulation, eventDate, notification.emergency(), receivedOn,
                dispatch.exchangeId());
        if (measure.isEmpty()) {
            return dispatch.withNotice(notice.withNotification(notification));
        }
        Notification measured = notification.measured(receivedOn, measure.get().dueBy(), measure.get().late());
        TimelinessRecords.Row row = new TimelinessRecords.Row(dispatch.exchangeId(), placing, regulation,
                measured.emergency(), measured.source().name(), measure.get().dueBy(), receivedOn,
                measure.get().late());
        return dispatch.withNotice(notice.withNotification(measured))
                .withWrite(connection -> records.insert(connection, row, clock.instant()));
    }

    private record Measure(LocalDate dueBy, int late) {
    }

    /** When a notice of an event on {@code eventDate} was due, and how many working days late it arrived. */
    private Optional<Measure> measure(Regulation regulation, LocalDate eventDate, boolean emergency,
                                      LocalDate receivedOn, String exchangeId) {
        try {
            LocalDate dueBy = emergency ? workingDays.plus(eventDate, regulation.emergencyWorkingDays()) : eventDate;
            int late = receivedOn.isAfter(dueBy) ? workingDays.after(dueBy, workingDays.onOrAfter(receivedOn)) : 0;
            return Optional.of(new Measure(dueBy, late));
        } catch (OutsideCalendarException e) {
            // the dates stay out of the log line: with the exchange id they would say when a child was placed
            LOG.warn("exchange {}: timeliness not measured, its dates lie outside the bank-holiday calendar's years;"
                    + " extend policies/directory/bank-holidays-england-and-wales.yaml", exchangeId);
            return Optional.empty();
        }
    }
}
