package org.bridgeway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A quiet thread's routine lines stay out of the log; its warnings, and every other thread's lines, do not. */
class QuietThreadsTest {
    private static final String PREFIX = "quiet-threads-test";

    @Test
    void aQuietThreadLogsWarningsOnly() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(QuietThreadsTest.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        try {
            QuietThreads.install(PREFIX);
            QuietThreads.install(PREFIX); // once is enough: a second install adds no second filter
            Thread quiet = new Thread(() -> {
                logger.info("routine line of a quiet thread");
                logger.warn("warning of a quiet thread");
                logger.error("error of a quiet thread");
            }, PREFIX + "-1");
            quiet.start();
            quiet.join();
            logger.info("routine line of another thread");
        } finally {
            logger.detachAppender(captured);
        }

        List<String> written = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(written).containsExactly("warning of a quiet thread", "error of a quiet thread",
                "routine line of another thread");
        assertThat(((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList())
                .filteredOn(f -> f.getName().equals("quiet threads " + PREFIX)).hasSize(1);
    }
}
