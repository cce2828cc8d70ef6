package org.bridgeway.gateway;

import org.bridgeway.store.TimeOrderedIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.main.Main;
import org.bridgeway.adapters.json.JsonNoticeRenderer;
import org.bridgeway.api.ApiAuthorisation;
import org.bridgeway.api.CustodyHandoverApi;
import org.bridgeway.handover.CustodyHandovers;
import org.bridgeway.handover.HandoverLedger;
import org.bridgeway.handover.HandoverParties;
import org.bridgeway.handover.HandoverTimers;
import org.bridgeway.api.ApiGuard;
import org.bridgeway.api.AuditApi;
import org.bridgeway.api.CustodyHandoverReportApi;
import org.bridgeway.api.Authentication;
import org.bridgeway.api.CallerIdentity;
import org.bridgeway.api.CertificateIdentity;
import org.bridgeway.api.DecisionsApi;
import org.bridgeway.api.ExclusionApi;
import org.bridgeway.api.FailureAnswers;
import org.bridgeway.api.NoticeSubmissions;
import org.bridgeway.api.DeadLetterApi;
import org.bridgeway.api.DeliveryStatusApi;
import org.bridgeway.api.MailboxApi;
import org.bridgeway.api.OpenApiDocument;
import org.bridgeway.api.MissingEpisodeApi;
import org.bridgeway.api.PlacementApi;
import org.bridgeway.api.PlacementTimelinessApi;
import org.bridgeway.api.LocatorApi;
import org.bridgeway.locator.IndexLocator;
import org.bridgeway.locator.LocatorAccessRelay;
import org.bridgeway.locator.LocatorIndex;
import org.bridgeway.locator.LocatorKeys;
import org.bridgeway.locator.LocatorLimits;
import org.bridgeway.locator.LocatorQueries;
import org.bridgeway.locator.LocatorRegistrations;
import org.bridgeway.locator.LocatorSettings;
import org.bridgeway.locator.LocatorSweep;
import org.bridgeway.locator.PlacementLocatorFill;
import org.bridgeway.locator.ResponsibleAuthorityLocator;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.handover.deadlines.HandoverDeadlineTicker;
import org.bridgeway.handover.report.AuditEntries;
import org.bridgeway.handover.report.ConcordatReport;
import org.bridgeway.handover.deadlines.HandoverDeadlines;
import org.bridgeway.handover.deadlines.JdbcHandoverTimers;
import org.bridgeway.handover.deadlines.PipelineHandoverDeadlineNotices;
import org.bridgeway.directory.BankHolidayCalendar;
import org.bridgeway.directory.WorkingDays;
import org.bridgeway.timeliness.PlacementTimeliness;
import org.bridgeway.timeliness.TimelinessRecords;
import org.bridgeway.api.ReturnInterviewApi;
import org.bridgeway.api.Ssda903Api;
import org.bridgeway.api.TokenBoundIdentity;
import org.bridgeway.audit.key.AuditCertificate;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.audit.log.MerkleAuditLog;
import org.bridgeway.audit.NoticeFingerprint;
import org.bridgeway.audit.key.SigningKey;
import org.bridgeway.audit.sign.TreeHeadSigner;
import org.bridgeway.audit.sign.WitnessSubmissions;
import org.bridgeway.audit.store.AuditStore;
import org.bridgeway.audit.store.JdbcAuditStore;
import org.bridgeway.delivery.Acknowledgements;
import org.bridgeway.delivery.DeliveryStates;
import org.bridgeway.delivery.MailWaitingNotifier;
import org.bridgeway.delivery.MailboxBroker;
import org.bridgeway.delivery.MailboxExpiry;
import org.bridgeway.delivery.MailboxRelay;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.fault.FaultLogging;
import org.bridgeway.logging.CorrelatedUnitsOfWork;
import org.bridgeway.intake.ExclusionFile;
import org.bridgeway.intake.ExclusionIntake;
import org.bridgeway.delivery.push.DeadLetterQueue;
import org.bridgeway.delivery.push.DeadLetterReplay;
import org.bridgeway.delivery.push.PushDelivery;
import org.bridgeway.delivery.push.PushEndpoints;
import org.bridgeway.identity.TokenSettings;
import org.bridgeway.intake.MissingEpisodeIntake;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.intake.Quarantine;
import org.bridgeway.intake.Ssda903Intake;
import org.bridgeway.intake.reconciliation.CarriedEpisode;
import org.bridgeway.intake.reconciliation.CarriedEpisodes;
import org.bridgeway.intake.reconciliation.MissingReconciliations;
import org.bridgeway.model.Notice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.DispatchAudit;
import org.bridgeway.pipeline.DispatchChoice;
import org.bridgeway.pipeline.ExchangeSteps;
import org.bridgeway.pipeline.PipelineAgain;
import org.bridgeway.pipeline.Exchanges;
import org.bridgeway.pipeline.UnknownOrganisationException;
import org.bridgeway.pipeline.MailboxDelivery;
import org.bridgeway.pipeline.MissingEpisodeParties;
import org.bridgeway.pipeline.NoticeAdmission;
import org.bridgeway.pipeline.OutcomeListeners;
import org.bridgeway.pipeline.PolicyEnforcement;
import org.bridgeway.pipeline.RecipientResolver;
import org.bridgeway.pipeline.RepeatedMissingWatch;
import org.bridgeway.pipeline.RepeatedSuspensionWatch;
import org.bridgeway.pipeline.Renderers;
import org.bridgeway.workflow.HeldNoticeDocuments;
import org.bridgeway.workflow.HeldUpdateRelease;
import org.bridgeway.workflow.HeldUpdates;
import org.bridgeway.workflow.MissingEpisodeLedger;
import org.bridgeway.workflow.PlacementLedger;
import org.bridgeway.workflow.PlacementRecords;
import org.bridgeway.workflow.MissingEpisodes;
import org.bridgeway.policy.DecisionLog;
import org.bridgeway.policy.EarlyWarningPolicy;
import org.bridgeway.policy.OpaDecisionPoint;
import org.bridgeway.policy.PolicyDecisionPoint;
import org.bridgeway.policy.PolicyWatcher;
import org.bridgeway.policy.ReloadablePolicy;
import org.bridgeway.policy.RepeatedMissingPolicy;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.Database;
import org.bridgeway.transport.AuthenticationFailures;
import org.bridgeway.transport.GatewayHttpServer;
import org.bridgeway.transport.RefusalReason;
import org.bridgeway.workflow.DeadlineTicker;
import org.bridgeway.workflow.EpisodeRecords;
import org.bridgeway.workflow.JdbcReturnInterviewTasks;
import org.bridgeway.workflow.PipelineTaskNotices;
import org.bridgeway.workflow.ReturnInterviewDeadlines;
import org.bridgeway.workflow.ReturnInterviewOutcomeStep;
import org.bridgeway.observability.HealthCheck;
import org.bridgeway.observability.HealthChecks;
import org.bridgeway.observability.MailboxGauges;
import org.bridgeway.observability.ManagementServer;
import org.bridgeway.observability.Readiness;
import org.bridgeway.observability.StateGauges;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: its database, broker, keys, policy and Camel routes. Built from a {@link GatewayConfig};
 * closing it drains the API (new requests answered 503) and in-flight exchanges (Camel's graceful shutdown), then
 * stops the broker and the database.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** Concurrent broker transactions for putting messages in mailboxes. */
    private static final int MAILBOX_SENDERS = 8;
    /** How long in-flight exchanges may take to finish when the gateway is closed: the API's, then Camel's. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final GatewayConfig config;
    private final Database database;
    private final MailboxBroker broker;
    private final Mailboxes mailboxes;
    /** Moves accepted messages from the database's outbox to the mailboxes. */
    private final MailboxRelay relay;
    /** Reports mailbox messages that expired unacknowledged to their senders (docs/mailboxes.md). */
    private MailboxExpiry mailboxExpiry;
    /** Tells pulling recipients' systems that mail is waiting (push-endpoints.yaml, mailWaiting). */
    private final MailWaitingNotifier mailWaiting;
    /** SOAP push to the police forces listed in the data directory's push-endpoints.yaml. */
    private final PushDelivery pushDelivery;
    /** The dead letters of push and mailbox delivery, listed and replayed (audited) by the API and the console. */
    private final DeadLetterReplay deadLetterReplay;
    private final MerkleAuditLog auditLog;
    private final TreeHeadSigner headSigner;
    private final WitnessSubmissions witnessSubmissions;
    private final ReferenceData reference;
    private final BankHolidayCalendar calendar;
    private final AuthorityDirectory directory;
    private final ReloadablePolicy policy;
    /** What decides: the reloadable embedded policy, or an OPA server loaded with the same agreements. */
    private final PolicyDecisionPoint decisionPoint;
    private final DecisionLog decisionLog;
    /** Reloads the embedded policy when an agreement changes; only while serving it (with an HTTP server). */
    private PolicyWatcher policyWatcher;
    private final OutcomeListeners outcomes = new OutcomeListeners();
    private final Ssda903Intake ssda903;
    private final ExclusionIntake exclusions;
    private final Clock clock;
    /** Return home interviews as tracked work: their tasks, and the deadline data they are opened with. */
    private final ReturnInterviewDeadlines returnInterviewDeadlines;
    private final JdbcReturnInterviewTasks returnInterviews;
    /** Fires the return interview timers that fall due; started with the routes, stopped before them. */
    private DeadlineTicker deadlineTicker;
    /** Custody handover deadlines: the data, the timers the handover steps write, and the ticker that fires them. */
    private final JdbcHandoverTimers handoverTimers;
    private HandoverDeadlineTicker handoverDeadlineTicker;
    /** The one route every notice goes down, whatever its exchange type (routes/notice-pipeline.camel.yaml). */
    private static final String NOTICE_PIPELINE = "direct:notice";
    private final Main main = new Main();
    /**
     * How many notices of a return go down the pipeline side by side. Each waits for the audit log's synced group
     * commit, which costs much the same however many notices it carries: with 32 in flight a store carries about
     * 10 notices instead of 3, and a return went from 493 to 709 notices/s with a quarter less CPU per notice
     * (docs/benchmarks.md).
     */
    private static final int RETURN_DISPATCHERS = 32;
    private final ExecutorService dispatchers = Executors.newFixedThreadPool(RETURN_DISPATCHERS, r -> {
        Thread t = new Thread(r, "ssda903-dispatch");
        t.setDaemon(true);
        return t;
    });
    private volatile ProducerTemplate template;
    private final MissingEpisodes missingEpisodes;
    private final CustodyHandovers custodyHandovers;
    private final HeldUpdates heldUpdates;
    private final MissingEpisodeLedger missingEpisodeLedger;
    private final HeldUpdateRelease heldUpdateRelease;
    /** The locator index, its matching for the gateway's own use, and what runs beside it. */
    private final LocatorIndex locatorIndex;
    private final IndexLocator locator;
    private LocatorAccessRelay locatorAccessRelay;
    private LocatorSweep locatorSweep;
    /** The API's server, its refusals' bookkeeping: only with an HTTP port. */
    private GatewayHttpServer httpServer;
    private AuthenticationFailures authenticationFailures;
    /**
     * The gateway's one meter registry, scraped on the management port; components that publish a meter take it
     * in their constructor. Readiness and the management listener start with the routes.
     */
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Readiness readiness;
    private ManagementServer management;

    /**
     * @param constructing told of the gateway before it opens anything, so that {@link #start} closes what a
     *                     constructor failing halfway had opened ({@link #close} skips what was not)
     */
    private Gateway(GatewayConfig config, Clock clock, UnaryOperator<Exchanges> carried,
                    Consumer<Gateway> constructing) throws Exception {
        checkTransport(config); // before anything is opened that a failed start would leave running
        constructing.accept(this);
        this.config = config;
        this.clock = clock;
        Path data = config.dataDirectory();
        Files.createDirectories(data);
        reference = ReferenceData.shipped();
        // push-endpoints.yaml and its TLS (the gateway's client key for https forces) checked before anything is opened
        PushEndpoints push = PushEndpoints.load(data, reference);
        PushDelivery.checkTls(push, config.transport().tls());
        // reference data checked before anything is opened: a broken entry stops the start, naming file and authority
        calendar = BankHolidayCalendar.load(config.directoryDirectory());
        directory = AuthorityDirectory.load(config.directoryDirectory(), reference);
        policy = new ReloadablePolicy(config.agreementsDirectory());
        decisionPoint = config.opaUrl().<PolicyDecisionPoint>map(url -> new OpaDecisionPoint(url, config.opaSettings(),
                meters))
                .orElse(policy);
        database = Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
                config.embeddedDatabaseDirectory());
        decisionLog = new DecisionLog(database.dataSource());
        broker = config.shared().broker(() -> new MailboxBroker(data.resolve("artemis"), push)).start();
        mailboxes = new Mailboxes(broker.listingConnectionFactory(), MAILBOX_SENDERS);
        // what a previous run accepted but had not yet put in the mailboxes goes there first
        mailWaiting = new MailWaitingNotifier(push.mailWaiting(), clock);
        relay = new MailboxRelay(database.dataSource(), mailboxes, clock, mailWaiting::mailArrived).start();
        Path keys = config.keysDirectory();
        // every key this node uses exists, and is the one the deployment's other nodes use, before anything is written
        SigningKey auditKey = DeploymentKeys.ensure(keys, auditOrigin(config));
        String auditCertificate = AuditCertificate.pem(AuditCertificate.loadOrCreate(keys, auditKey, auditOrigin(config)));
        DeploymentKeys.check(database.dataSource(), keys, clock.instant());
        AuditStore auditStore = new JdbcAuditStore(database.dataSource());
        headSigner = new TreeHeadSigner(auditStore, auditKey, auditOrigin(config), clock,
                TreeHeadSigner.DEFAULT_INTERVAL, config.timestamps());
        auditLog = new MerkleAuditLog(auditStore, headSigner, clock, meters);
        mailboxExpiry = new MailboxExpiry(broker.connectionFactory(), database.dataSource(), auditLog, relay, clock)
                .start();
        witnessSubmissions = WitnessSubmissions.start(headSigner, config.witnesses(),
                WitnessSubmissions.DEFAULT_INTERVAL);
        Supplier<String> exchangeIds = TimeOrderedIds::next;
        CallerIdentity callers = config.httpPort().isPresent() ? createHttpServer(config, clock)
                : exchange -> Authentication.Refused.because(RefusalReason.NO_IDENTITY); // no HTTP server, no caller
        Quarantine quarantine = new Quarantine(auditLog, outcomes, config.quarantine(), meters);
        ssda903 = new Ssda903Intake(reference, exchangeIds, database.dataSource(), quarantine, clock,
                config.operator());
        exclusions = new ExclusionIntake(reference, exchangeIds, quarantine);
        EarlyWarningPolicy repeatedSuspensions = EarlyWarningPolicy.repeatedSuspensions(config.earlyWarningsDirectory());
        returnInterviewDeadlines = ReturnInterviewDeadlines.load(config.workflowsDirectory(), reference);
        returnInterviews = new JdbcReturnInterviewTasks(database.dataSource(), returnInterviewDeadlines, clock);
        handoverTimers = new JdbcHandoverTimers(database.dataSource(),
                HandoverDeadlines.load(config.workflowsDirectory(), reference));
        RepeatedMissingPolicy repeatedMissing = RepeatedMissingPolicy.read(config.earlyWarningsDirectory());

        main.configure().withRoutesIncludePattern(routesPattern(config));
        main.addInitialProperty("bridgeway.inbox", config.inbox().toAbsolutePath().toString());
        main.addInitialProperty("camel.main.name", "bridgeway");
        main.addInitialProperty("camel.main.shutdownTimeout", String.valueOf(SHUTDOWN_TIMEOUT.toSeconds()));
        main.bind("faultLogging", new FaultLogging());
        // Every log line of an exchange carries its correlation id, on whichever thread Camel runs it (docs/logging.md).
        main.addInitialProperty("camel.main.useMdcLogging", "true");
        main.bind("correlatedUnitsOfWork", new CorrelatedUnitsOfWork());
        NoticeAdmission admission = new NoticeAdmission(database.dataSource(), clock, meters);
        main.bind("noticeAdmission", admission);
        for (DispatchChoice choice : DispatchChoice.values()) {
            main.bind(choice.beanName(), choice);
        }
        PlacementRecords placementRecords = new PlacementRecords(database.dataSource());
        Exchanges exchanges = carried.apply(Exchanges.shipped(returnInterviews, placementRecords::toldOf,
                authority -> directory.of(authority).orElseThrow(() -> new UnknownOrganisationException(
                        "authority " + authority + " is not in the directory")).custodyHandoverMailbox()));
        main.bind("recipientResolver", new RecipientResolver(reference, exchanges));
        main.bind("policyEnforcement", new PolicyEnforcement(decisionPoint,
                new Renderers(exchanges, new JsonNoticeRenderer()), clock, meters, policy::deliveryWindow));
        main.bind("dispatchAudit", new DispatchAudit(auditLog, decisionLog, NoticeFingerprint.loadOrCreate(keys),
                admission, clock));
        main.bind(Exchanges.REPEATED_SUSPENSION_WATCH, new RepeatedSuspensionWatch(database.dataSource(),
                KeyedDigest.loadOrCreate(keys, RepeatedSuspensionWatch.KEY_FILE), repeatedSuspensions, clock));
        main.bind(Exchanges.PLACEMENT_LEDGER, new PlacementLedger(placementRecords, clock));
        missingEpisodes = new MissingEpisodes(database.dataSource());
        heldUpdates = new HeldUpdates(database.dataSource());
        HeldNoticeDocuments heldDocuments = new HeldNoticeDocuments();
        // one key for a missing child's match keys: the ledger's episode record and the repeated-missing watch
        KeyedDigest missingMatchKeys = KeyedDigest.loadOrCreate(keys, RepeatedMissingWatch.KEY_FILE);
        missingEpisodeLedger = new MissingEpisodeLedger(missingEpisodes, heldUpdates, heldDocuments,
                new MissingEpisodeParties(reference), returnInterviews, missingMatchKeys, clock);
        main.bind(Exchanges.MISSING_EPISODE_LEDGER, missingEpisodeLedger);
        heldUpdateRelease = new HeldUpdateRelease(heldUpdates, missingEpisodes, heldDocuments, auditLog, clock,
                released -> template.requestBody(NOTICE_PIPELINE, released));
        EpisodeRecords episodeRecords = EpisodeRecords.from(missingEpisodes);
        main.bind(Exchanges.RETURN_INTERVIEW_OUTCOME_STEP, new ReturnInterviewOutcomeStep(episodeRecords,
                returnInterviews));
        main.bind(Exchanges.REPEATED_MISSING_WATCH, new RepeatedMissingWatch(database.dataSource(),
                missingMatchKeys, repeatedMissing,
                episodeId -> missingEpisodes.byId(episodeId).map(MissingEpisodes.Episode::reportKey), clock));
        TimelinessRecords timeliness = new TimelinessRecords(database.dataSource());
        main.bind(Exchanges.PLACEMENT_TIMELINESS, new PlacementTimeliness(directory, new WorkingDays(calendar),
                timeliness, clock));
        // the locator index: filled by placements (a step of their exchange) and councils, asked through the API
        LocatorSettings locatorSettings = LocatorSettings.load(config.locatorDirectory());
        locatorIndex = new LocatorIndex(database.dataSource(), locatorSettings.retention());
        LocatorKeys locatorKeys = new LocatorKeys(KeyedDigest.loadOrCreate(keys, LocatorKeys.KEY_FILE));
        main.bind(Exchanges.LOCATOR_FILL, new PlacementLocatorFill(locatorIndex, locatorKeys, clock));
        locator = new IndexLocator(locatorIndex, locatorKeys);
        main.bind("locatorApi", new LocatorApi(new LocatorQueries(locatorIndex, locatorKeys,
                new LocatorLimits(database.dataSource(), locatorSettings, clock), auditLog, clock),
                new LocatorRegistrations(locatorIndex, locatorKeys, auditLog, clock), directory, calendar, reference,
                callers, clock));
        // custody handovers: the responsible authority found by the locator, the deadlines kept in the database
        custodyHandovers = new CustodyHandovers(database.dataSource());
        HandoverParties handoverParties = new HandoverParties(reference, directory, locator);
        main.bind(Exchanges.CUSTODY_HANDOVER_LEDGER, new HandoverLedger(custodyHandovers, handoverParties,
                handoverTimers));
        main.bind("custodyHandoverApi", new CustodyHandoverApi(custodyHandovers, handoverParties, handoverTimers,
                calendar, callers, exchangeIds, clock));
        main.bind("exchangeSteps", new ExchangeSteps(exchanges, main::lookup)); // after the steps it names
        main.bind("mailboxDelivery", new MailboxDelivery(relay, outcomes, clock, meters));
        main.bind("pipelineAgain", new PipelineAgain(received -> template.requestBody(NOTICE_PIPELINE, received,
                Dispatch.class)));
        main.bind("ssda903Intake", ssda903);
        main.bind("exclusionIntake", exclusions);
        main.bind("noticeSubmissions", new NoticeSubmissions());
        main.bind("placementApi", new PlacementApi(new PlacementJsonIntake(reference, exchangeIds), callers,
                exchangeIds, start -> template.requestBody(NOTICE_PIPELINE, start, Dispatch.class)));
        main.bind("exclusionApi", new ExclusionApi(exclusions, callers));
        MissingEpisodeIntake missingEpisodeIntake = new MissingEpisodeIntake(exchangeIds, quarantine,
                missingEpisodeLedger::episodeOf, clock);
        main.bind("missingEpisodeIntake", missingEpisodeIntake);
        main.bind("missingEpisodeApi", new MissingEpisodeApi(missingEpisodeIntake,
                missingEpisodeLedger, heldUpdates, callers));
        // Mailbox semantics (docs/mailboxes.md): delivery states, the dead-letter queue online, expiry into reports.
        DeliveryStates deliveryStates = new DeliveryStates(database.dataSource(), clock);
        main.bind("mailboxApi", new MailboxApi(mailboxes, callers, acknowledgements(), deliveryStates));

        main.bind("returnInterviewApi", new ReturnInterviewApi(callers, returnInterviews, episodeRecords,
                reference, exchangeIds, clock));
        MissingReconciliations reconciliations = new MissingReconciliations(database.dataSource(),
                carriedEpisodes(missingEpisodes), clock);
        main.bind("missingReconciliations", reconciliations);
        main.bind("ssda903Api", new Ssda903Api(ssda903, reconciliations, callers));
        main.bind("auditApi", new AuditApi(auditLog, headSigner, callers, auditCertificate));
        main.bind("decisionsApi", new DecisionsApi(decisionLog, auditLog, callers));
        main.bind("placementTimelinessApi", new PlacementTimelinessApi(timeliness, callers));
        main.bind("custodyHandoverReportApi", new CustodyHandoverReportApi(
                new ConcordatReport(AuditEntries.of(auditLog)), callers));
        main.bind("ssda903Dispatchers", dispatchers);
        // the API's OpenAPI document and the received schemas, as published (GET /api/v1/openapi.yaml)
        main.bind("openApiDocument", new OpenApiDocument());
        pushDelivery = PushDelivery.install(main, broker, push, config.transport().tls(), auditLog, clock);
        // both dead-letter queues (push and mailbox); a replay into a mailbox keeps the message's delivery window
        DeadLetterQueue deadLetters = new DeadLetterQueue(broker.listingConnectionFactory(), Optional.of(deliveryStates));
        main.bind("deliveryStatusApi", new DeliveryStatusApi(deliveryStates, deadLetters, callers));
        deadLetterReplay = new DeadLetterReplay(deadLetters, push, auditLog);
        main.bind("deadLetterApi", new DeadLetterApi(deadLetterReplay, callers));
    }

    /** The episodes the episode store carried, as the SSDA903 reconciliation sees them. */
    private static CarriedEpisodes carriedEpisodes(MissingEpisodes episodes) {
        return (la, from, to) -> episodes.carriedFor(la, from, to).stream()
                .map(e -> new CarriedEpisode(e.episodeId(), e.childLocalId(), e.type(), e.start(), e.end()))
                .toList();
    }

    /**
     * Our own HTTP server instead of Camel's embedded one (which cannot require client certificates): its router
     * is where the REST DSL's routes attach, and {@link ApiGuard} authenticates and authorises every REST route.
     * Returns how endpoints learn the caller: the verified client certificate, or in the plain-HTTP demo mode the
     * identity the configuration names (the development tooling's header).
     */
    private CallerIdentity createHttpServer(GatewayConfig config, Clock clock) {
        authenticationFailures = new AuthenticationFailures(auditLog, config.transport().failureLimit(), clock,
                meters);
        httpServer = GatewayHttpServer.create(config.transport(), Ssda903Intake.MAX_UPLOAD_BYTES,
                authenticationFailures, clock);
        // The name the REST DSL's platform-http consumers look up when no Camel server announces a port.
        main.bind(VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO, httpServer.camelRouter());
        CallerIdentity callers;
        ApiAuthorisation authorisation = ApiAuthorisation.certificateOnly();
        if (httpServer.revocationLists().isPresent()) {
            CertificateIdentity certificates = new CertificateIdentity(httpServer.revocationLists().get(), clock);
            if (config.tokens().isPresent()) {
                TokenSettings tokens = config.tokens().get();
                callers = new TokenBoundIdentity(certificates, tokens.validator(clock));
                authorisation = ApiAuthorisation.withTokenRoles();
                LOG.info("API identity: client certificate and a bearer token bound to it, issued by {} (keys from "
                        + "{}); roles from the token", tokens.issuer(), tokens.jwksUrl());
            } else {
                callers = certificates;
                LOG.warn("API identity: client certificate only, no bearer tokens (development mode): organisation "
                        + "rules apply, role rules fall back as ApiAuthorisation documents");
            }
        } else {
            if (config.tokens().isPresent()) {
                throw new IllegalStateException("bearer tokens are bound to client certificates: they need mutual "
                        + "TLS, not the plain-HTTP demo mode");
            }
            callers = config.plainHttpCallers().orElseThrow(); // checkTransport made sure
            LOG.warn("PLAIN HTTP: the API on {} is served without TLS and believes {} of anyone who can reach it. "
                    + "For a local demo only.", config.httpHost(), callers);
        }
        main.bind("apiGuard", new ApiGuard(callers, authorisation, authenticationFailures));
        main.bind("failureAnswers", new FailureAnswers());
        return callers;
    }

    /** An API is served over mutual TLS, or in plain HTTP on loopback when the operator opted in; never by default. */
    private static void checkTransport(GatewayConfig config) {
        if (config.httpPort().isEmpty()) {
            return;
        }
        if (!config.transport().configured()) {
            throw new IllegalStateException("the API needs TLS settings (mutual TLS), or the explicit plain-HTTP "
                    + "opt-in for a local demo; refusing to serve HTTP without either");
        }
        if (config.transport().plainHttp() && !loopback(config.httpHost())) {
            throw new IllegalStateException("plain HTTP is for a local demo only: bind it to a loopback address, not "
                    + config.httpHost());
        }
        if (config.transport().plainHttp() && config.plainHttpCallers().isEmpty()) {
            throw new IllegalStateException("the plain-HTTP demo mode needs a caller identity from the development "
                    + "tooling; the production gateway has none");
        }
    }

    private static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The name of this gateway's log in its checkpoints, and of its key: one per operator, however many nodes. */
    public static String auditOrigin(GatewayConfig config) {
        return "bridgeway/" + config.operator().id();
    }

    /**
     * The route files to load, by folder: every route in {@code routes/}; those of {@code routes/api/} only with an
     * HTTP server, and of {@code routes/inbox/} only when watching the inbox.
     */
    private static String routesPattern(GatewayConfig config) {
        Path routes = config.routesDirectory().toAbsolutePath();
        List<Path> folders = new ArrayList<>(List.of(routes));
        if (config.httpPort().isPresent()) {
            folders.add(routes.resolve("api"));
        }
        if (config.watchInbox()) {
            folders.add(routes.resolve("inbox"));
        }
        return folders.stream().map(folder -> "file:" + folder + "/*.camel.yaml").collect(Collectors.joining(","));
    }

    public static Gateway start(GatewayConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static Gateway start(GatewayConfig config, Clock clock) {
        return start(config, clock, UnaryOperator.identity());
    }

    /**
     * A gateway carrying the shipped exchanges as {@code carried} changes them: for measuring how a notice's cost
     * grows with what its exchange's registration asks ({@code bench --recipients}); a served gateway carries the
     * shipped ones.
     */
    public static Gateway start(GatewayConfig config, UnaryOperator<Exchanges> carried) {
        return start(config, Clock.systemUTC(), carried);
    }

    private static Gateway start(GatewayConfig config, Clock clock, UnaryOperator<Exchanges> carried) {
        AtomicReference<Gateway> constructed = new AtomicReference<>();
        Gateway gateway = null;
        try {
            gateway = new Gateway(config, clock, carried, constructed::set);
            // before the routes: a batch they start sending is beaten for from its first notice
            gateway.ssda903.batches().startHeartbeat();
            gateway.main.start();
            gateway.template = gateway.camel().createProducerTemplate();
            gateway.heldUpdateRelease.start(); // it sends down the pipeline: once there is one to send down
            gateway.pushDelivery.startRoutes(gateway.camel());
            gateway.deadlineTicker = new DeadlineTicker(gateway.database.dataSource(), new PipelineTaskNotices(
                    gateway::submit, gateway.reference, gateway.returnInterviewDeadlines), gateway.clock)
                    .start(DeadlineTicker.configuredInterval());
            // access rows a previous run left pending are raised first; then each pass's
            gateway.locatorAccessRelay = new LocatorAccessRelay(gateway.database.dataSource(), gateway.reference,
                    gateway::submit, gateway.clock).start();
            gateway.locatorSweep = new LocatorSweep(gateway.locatorIndex, gateway.locatorAccessRelay, gateway.clock)
                    .start();
            gateway.handoverDeadlineTicker = new HandoverDeadlineTicker(gateway.database.dataSource(),
                    new PipelineHandoverDeadlineNotices(gateway::submit, gateway.reference, gateway.directory),
                    gateway.clock).start(DeadlineTicker.configuredInterval());
            gateway.startManagement();
            if (gateway.httpServer != null) {
                gateway.httpServer.listen(config.httpHost(), config.httpPort().orElseThrow());
                if (gateway.decisionPoint == gateway.policy) {
                    // an OPA server decides from its own bundle: reloading the embedded engine would change nothing
                    gateway.policyWatcher = PolicyWatcher.start(gateway.policy);
                }
            }
            LOG.info("Bridgeway started for {} (policy {} revision {}, database {}, audit entries {})",
                    config.operator().id(), config.opaUrl().map(u -> "OPA at " + u).orElse("embedded"),
                    gateway.decisionPoint.revision(), gateway.database.describe(), gateway.auditLog.size());
            return gateway;
        } catch (Exception e) {
            // also a gateway whose constructor failed after opening the database, broker, threads or servers
            if (constructed.get() != null) {
                constructed.get().close();
            }
            throw new IllegalStateException("Bridgeway could not start: " + e.getMessage(), e);
        }
    }

    /**
     * Readiness (database, broker, decision point, audit signing), the gauges read from state the gateway keeps, and
     * the plain-HTTP management listener serving them with the meters.
     */
    private void startManagement() {
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        StateGauges.audit(meters, auditLog, headSigner, clock);
        StateGauges.decisionPoint(meters, decisionPoint);
        StateGauges.outbox(meters, database.dataSource());
        MailboxGauges mailboxGauges = new MailboxGauges(broker, meters, clock);
        readiness = new Readiness(meters)
                .add(HealthChecks.database(database.dataSource()))
                .add(HealthChecks.broker(broker))
                .add(HealthChecks.decisionPoint(decisionPoint))
                .add(HealthChecks.auditSigning(headSigner));
        management = ManagementServer.start(config.management(), meters, readiness,
                List.of(mailboxGauges::refresh));
    }

    /** The gateway's meters (Prometheus format on the management port's {@code /metrics}). */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Health checks others contribute join the readiness answer (and its gauges) from the next probe on. */
    public void addHealthCheck(HealthCheck check) {
        readiness.add(check);
    }

    /**
     * The readiness checks the management port reports, for the operator's console to run as a probe does; set once
     * the gateway has started.
     */
    public Readiness readiness() {
        return readiness;
    }

    /** The management listener's port: the configured one, or the one chosen for port 0. */
    public int managementPort() {
        return management.port();
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    /** The gateway's record of custody handovers. */
    public CustodyHandovers custodyHandovers() {
        return custodyHandovers;
    }

    public MissingEpisodes missingEpisodes() {
        return missingEpisodes;
    }

    public MissingEpisodeLedger missingEpisodeLedger() {
        return missingEpisodeLedger;
    }

    public HeldUpdates heldUpdates() {
        return heldUpdates;
    }

    /** Releases now the held missing-episode updates whose report has come (the timer does it every second). */
    public int releaseHeldUpdates() {
        return heldUpdateRelease.releaseReady();
    }

    /** Sends one notice down the notice pipeline and waits for the outcome. */
    public Dispatch submit(Notice notice) {
        return template.requestBody(NOTICE_PIPELINE, notice, Dispatch.class);
    }

    /**
     * Reads a school's XML file of exclusions (rejected records are quarantined) and sends its valid notices down the
     * notice pipeline, as if the school had uploaded it.
     */
    public ExclusionFile processExclusionFile(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        ExclusionFile read = exclusions.fromXml(file.getFileName().toString(), content, null);
        if (!read.refused()) {
            template.requestBody("direct:exclusion-file", read);
        }
        return read;
    }

    /** The exclusion intake, for reading JSON exclusion notices as the API does. */
    public ExclusionIntake exclusionIntake() {
        return exclusions;
    }

    /** Processes an SSDA903 return held in a folder, as if dropped in the inbox, without moving it. */
    public void processReturn(Path folder) {
        template.requestBody("direct:ssda903-return", folder.toAbsolutePath());
    }

    public GatewayConfig config() {
        return config;
    }

    /** The port the API listens on (the configured one, or the one chosen for port 0); empty without an API. */
    public java.util.OptionalInt apiPort() {
        return httpServer == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(httpServer.port());
    }

    /** The return home interview tasks: opened by the episode ledger, listed and reassigned by the API. */
    public JdbcReturnInterviewTasks returnInterviews() {
        return returnInterviews;
    }

    /** Which authority is responsible for a child, as the locator index knows it, for the gateway's own use. */
    public ResponsibleAuthorityLocator locator() {
        return locator;
    }

    /** The locator index, for operations and tests that must reach it directly. */
    public LocatorIndex locatorIndex() {
        return locatorIndex;
    }

    /** The relay of locator access notices, for tests that relay by hand rather than wait for its pass. */
    public LocatorAccessRelay locatorAccessRelay() {
        return locatorAccessRelay;
    }

    /** The custody handover deadlines, which the handover ledger tells of each step in its audit transaction. */
    public JdbcHandoverTimers handoverTimers() {
        return handoverTimers;
    }

    /** The custody handover deadline ticker, for tests that tick it by hand. */
    public HandoverDeadlineTicker handoverDeadlineTicker() {
        return handoverDeadlineTicker;
    }

    /** The deadline ticker, for tests that tick it by hand rather than wait for its interval. */
    public DeadlineTicker deadlineTicker() {
        return deadlineTicker;
    }

    /** Recipients' acknowledgements, audited once each: the API's and the console's. */
    public Acknowledgements acknowledgements() {
        return new Acknowledgements(database.dataSource(), auditLog, clock);
    }

    public Mailboxes mailboxes() {
        return mailboxes;
    }

    /** The embedded broker holding the mailboxes, for operations and tests that must reach it directly. */
    public MailboxBroker broker() {
        return broker;
    }

    public DeadLetterReplay deadLetterReplay() {
        return deadLetterReplay;
    }

    public PushDelivery pushDelivery() {
        return pushDelivery;
    }

    /** The gateway's database, for operations and tests that must reach it directly. */
    public javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public OutcomeListeners outcomes() {
        return outcomes;
    }

    /** The council and emergency duty team directory, as loaded and checked at start. */
    public AuthorityDirectory directory() {
        return directory;
    }

    /** The bank-holiday calendar, as loaded and checked at start. */
    public BankHolidayCalendar bankHolidays() {
        return calendar;
    }

    public ReferenceData reference() {
        return reference;
    }

    public PolicyDecisionPoint decisionPoint() {
        return decisionPoint;
    }


    /** Every policy decision made, allow and deny. */
    public DecisionLog decisionLog() {
        return decisionLog;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        if (readiness != null) {
            readiness.stopping(); // not ready from now on: the platform stops routing requests here while it drains
        }
        closeQuietly("policy watcher", policyWatcher);
        // no timer fires into a pipeline that is stopping; what falls due meanwhile fires at the next start
        closeQuietly("deadline ticker", deadlineTicker);
        closeQuietly("locator access relay", locatorAccessRelay);
        closeQuietly("locator sweep", locatorSweep);
        closeQuietly("custody handover deadline ticker", handoverDeadlineTicker);
        // The API first: new requests are answered 503 from now on, and those admitted are answered while Camel
        // still runs (a route stopped under them would answer an empty 503, a 404 or nothing at all).
        if (httpServer != null) {
            httpServer.drain(SHUTDOWN_TIMEOUT);
        }
        closeQuietly("missing-episode release", heldUpdateRelease);
        // Then Camel: the inbox's and push delivery's in-flight exchanges finish (and may still need OPA)
        closeQuietly("Camel", main::stop);
        // after Camel: a batch still sending is beaten for until its exchange ends; one cut off shows as interrupted
        closeQuietly("SSDA903 batch heartbeat", ssda903 == null ? null : ssda903.batches());
        // The listener closes last, so that until Camel has stopped a request still gets its 503, never a reset
        closeQuietly("HTTP server", httpServer);
        // probes (answered 503 "stopping") and scrapes until here
        closeQuietly("management listener", management);
        closeQuietly("health checks", readiness);
        // before the audit log: the last refusals and the window's summary are written
        closeQuietly("authentication audit", authenticationFailures);
        dispatchers.shutdownNow();
        closeQuietly("push delivery", pushDelivery);
        closeQuietly("OPA client", decisionPoint instanceof AutoCloseable c ? c : null);
        closeQuietly("mailbox expiry", mailboxExpiry);
        closeQuietly("mailbox relay", relay);
        closeQuietly("mail-waiting webhooks", mailWaiting);
        closeQuietly("witness submissions", witnessSubmissions);
        closeQuietly("audit log", auditLog == null ? null : auditLog::close);
        closeQuietly("mailboxes", mailboxes == null ? null : mailboxes::close);
        closeQuietly("broker", broker == null ? null : broker::close);
        closeQuietly("database", database == null ? null : database::close);
        closeQuietly("meters", meters::close);
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("error while stopping the {}: {}", what, e.toString());
        }
    }
}
