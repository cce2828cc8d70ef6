package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.builder.RouteBuilder;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticMissingEpisodes;
import org.bridgeway.testing.SyntheticMissingEpisodes.Child;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The repeated-missing watch in the gateway's pipeline, after the episode ledger: the same child reported missing
 * three times (three police references; one child, as the synthetic episodes all name the same child) gets the
 * prompt on the third report, and not on the regrade of that episode that follows; two reports of the child sent
 * at once, each decided before the other was accepted, do not both miss the pattern.
 */
class RepeatedMissingPromptOnTheGatewayTest {
    @TempDir
    Path data;
    private GatewayFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = GatewayFixture.start(data);
        fixture.gateway().camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(CALLER).to("direct:notice")
                        .process(e -> e.getMessage().setBody(new Answered(e.getMessage().getBody(Dispatch.class))));
            }
        });
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theThirdReportOfTheChildCarriesThePromptAndItsRegradeDoesNot() {
        assertThat(prompt(fixture.gateway().submit(SyntheticMissingEpisodes.report(Child.next(), RiskLevel.LOW))))
                .isEmpty();
        assertThat(prompt(fixture.gateway().submit(SyntheticMissingEpisodes.report(Child.next(), RiskLevel.LOW))))
                .isEmpty();
        Child third = Child.next();

        Dispatch reported = fixture.gateway().submit(SyntheticMissingEpisodes.report(third, RiskLevel.LOW));

        assertThat(prompt(reported)).contains("3 episodes in 30 days");
        Dispatch regraded = fixture.gateway().submit(SyntheticMissingEpisodes.regrade(third, RiskLevel.HIGH,
                OffsetDateTime.parse("2026-03-01T22:00:00Z")));
        assertThat(regraded.held()).isFalse();
        assertThat(prompt(regraded)).isEmpty();
    }

    @Test
    void twoReportsOfTheChildDecidedAtOnceDoNotBothMissThePattern() throws Exception {
        assertThat(prompt(fixture.gateway().submit(SyntheticMissingEpisodes.report(Child.next(), RiskLevel.LOW))))
                .isEmpty();
        Logger logger = (Logger) LoggerFactory.getLogger(PipelineAgain.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        List<Dispatch> reported;
        try (Connection writing = fixture.gateway().database().dataSource().getConnection()) {
            // a writing transaction holds the embedded database's one writer: both reports are decided (two
            // episodes each) and wait for their audit transactions, which then run one after the other
            writing.setAutoCommit(false);
            try (Statement s = writing.createStatement();
                 ResultSet rs = s.executeQuery("SELECT applied_seq FROM commit_journal WHERE id = 1 FOR UPDATE")) {
                assertThat(rs.next()).isTrue();
            }
            CompletableFuture<Dispatch> second = CompletableFuture.supplyAsync(() -> sentByACallerRoute(
                    SyntheticMissingEpisodes.report(Child.next(), RiskLevel.LOW)));
            CompletableFuture<Dispatch> third = CompletableFuture.supplyAsync(() -> sentByACallerRoute(
                    SyntheticMissingEpisodes.report(Child.next(), RiskLevel.LOW)));
            Thread.sleep(600);
            writing.rollback();
            reported = List.of(second.get(), third.get());
        } finally {
            logger.detachAppender(log);
        }

        assertThat(reported).filteredOn(d -> prompt(d).isPresent()).as("the later one completes the pattern")
                .singleElement().satisfies(d -> assertThat(prompt(d)).contains("3 episodes in 30 days"));
        assertThat(log.list).as("the one decided on outdated rows went through the pipeline again")
                .singleElement().satisfies(e -> assertThat(e.getFormattedMessage()).contains("pipeline again"));
        assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
    }

    /**
     * Sent down the pipeline by a route that goes on after it, as the API's routes do (they answer from the dispatch):
     * a notice sent through the pipeline again must come back to its caller's next step.
     */
    private Dispatch sentByACallerRoute(MissingEpisodeNotice notice) {
        return fixture.gateway().camel().createProducerTemplate().requestBody(CALLER, notice, Answered.class)
                .dispatch();
    }

    private static final String CALLER = "direct:a-caller-of-the-pipeline";

    /** What the caller route's step after the pipeline makes of its dispatch. */
    record Answered(Dispatch dispatch) {
    }

    private static Optional<String> prompt(Dispatch dispatch) {
        return ((MissingEpisodeNotice) dispatch.notice()).strategyDiscussionPrompt();
    }
}
