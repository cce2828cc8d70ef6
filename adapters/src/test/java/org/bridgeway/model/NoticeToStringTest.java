package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NoticeToStringTest {
    @Test
    void aNoticePrintedByMistakeShowsIdentifiersButNoPersonalData() {
        PlacementNotice notice = new PlacementNotice("exchange-1", Organisation.parseId("local-authority:886"), "key",
                new PlacementNotice.Child("KT40211", Optional.of(NhsNumber.parse("9990000018")), Optional.empty(),
                        Optional.of("Riley"), Optional.of("Sampleton"), PlacementNotice.Sex.FEMALE,
                        LocalDate.of(2009, 11, 2), Optional.of("MWBC"), Optional.of(Postcode.parse("ME14 2LP"))),
                new PlacementNotice.Placement(LocalDate.of(2025, 10, 14), "P", "C2", Optional.empty(), "K2",
                        Optional.empty(), Postcode.parse("M13 9PL"), Organisation.parseId("local-authority:352"),
                        Optional.empty(), Optional.empty()),
                List.of("CCE"));
        MinimisedNotice minimised = new MinimisedNotice("exchange-1", ExchangeType.PLACEMENT_NOTIFICATION,
                notice.sender(), Organisation.parseId("police:greater-manchester"), notice.fields(), Instant.EPOCH);

        for (String printed : List.of(notice.toString(), minimised.toString(), notice.child().toString())) {
            assertThat(printed).doesNotContain("KT40211", "9990000018", "Riley", "Sampleton", "2009-11-02", "ME14",
                    "M13", "MWBC");
        }
        assertThat(notice.toString()).contains("exchange-1", "local-authority:886", "local-authority:352");
        assertThat(minimised.toString()).contains("police:greater-manchester", "child.nhsNumber");
    }
}
