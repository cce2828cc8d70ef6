package org.bridgeway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.bridgeway.delivery.push.PushEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's journal holds a sync as long as its disk takes to make one, as {@code artemis create} tunes it. */
class JournalSyncTimeTest {
    @TempDir
    Path data;

    @Test
    void measuresTheDiskUnderTheJournalAndLeavesNothingBehind() throws Exception {
        Path journal = data.resolve("broker").resolve("journal");

        Duration sync = JournalSyncTime.measure(journal);

        assertThat(sync).isBetween(JournalSyncTime.FLOOR, JournalSyncTime.ARTEMIS_NIO_DEFAULT);
        try (var left = Files.list(journal)) {
            assertThat(left).as("the scratch file is deleted").isEmpty();
        }
    }

    @Test
    void aBrokerOnASolidStateDiskNoLongerHoldsEachSyncForArtemisDefault() {
        Configuration config = MailboxBroker.configuration("test", data.resolve("broker"), PushEndpoints.none());

        // the machines this runs on sync a page in about a tenth of a millisecond; Artemis's default is 3.3 ms
        assertThat((long) config.getJournalBufferTimeout_NIO())
                .isGreaterThanOrEqualTo(JournalSyncTime.FLOOR.toNanos())
                .isLessThan(JournalSyncTime.ARTEMIS_NIO_DEFAULT.toNanos());
    }

    @Test
    void anOperatorsSettingWinsOverTheMeasurement() {
        String before = System.getProperty(MailboxBroker.JOURNAL_BUFFER_TIMEOUT_PROPERTY);
        System.setProperty(MailboxBroker.JOURNAL_BUFFER_TIMEOUT_PROPERTY, "777777");
        try {
            Configuration config = MailboxBroker.configuration("test", data.resolve("broker"), PushEndpoints.none());

            assertThat(config.getJournalBufferTimeout_NIO()).isEqualTo(777_777);
        } finally {
            if (before == null) {
                System.clearProperty(MailboxBroker.JOURNAL_BUFFER_TIMEOUT_PROPERTY);
            } else {
                System.setProperty(MailboxBroker.JOURNAL_BUFFER_TIMEOUT_PROPERTY, before);
            }
        }
    }

    @Test
    void aDiskThatCannotBeMeasuredLeavesArtemisDefault() throws Exception {
        Path notADirectory = Files.writeString(data.resolve("journal"), "a file where the journal should be");

        assertThat(MailboxBroker.journalBufferTimeout(notADirectory))
                .isEqualTo((int) JournalSyncTime.ARTEMIS_NIO_DEFAULT.toNanos());
    }
}
