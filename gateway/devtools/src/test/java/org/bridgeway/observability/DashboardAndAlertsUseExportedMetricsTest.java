package org.bridgeway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.ManagementClient;
import org.bridgeway.testing.SyntheticPlacements;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboard and the Prometheus alert rules query is one a running gateway exports: a
 * renamed meter, or a panel written against a name that never existed, fails here rather than in an empty panel
 * or an alert that can never fire.
 */
class DashboardAndAlertsUseExportedMetricsTest {
    /** Metric names in PromQL that are ours (Prometheus's own {@code up} is allowed beside them). */
    private static final Pattern OUR_METRIC = Pattern.compile("\\bbridgeway_[a-z0-9_]+");
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    @TempDir
    Path data;

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsExported() throws Exception {
        Path root = GatewayFixture.projectRoot();
        List<String> dashboard = new ArrayList<>();
        JsonNode panels = new ObjectMapper().readTree(root.resolve("docker/grafana/bridgeway-dashboard.json")
                .toFile());
        panels.findValues("expr").forEach(e -> dashboard.add(e.asText()));
        panels.findValues("definition").forEach(e -> dashboard.add(e.asText()));
        List<String> alerts = new ArrayList<>();
        new YAMLMapper().readTree(root.resolve("docker/prometheus/alerts.yaml").toFile()).path("groups")
                .forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("expr").asText())));
        assertThat(dashboard).hasSizeGreaterThan(15);
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(6);

        Set<String> exported;
        try (GatewayFixture fixture = TlsGatewayFixture.startWithHttpCertificateOnly(data)) {
            Gateway gateway = fixture.gateway();
            for (SyntheticPlacements.Spec spec : SyntheticPlacements.EVERY_FIELD) {
                gateway.submit(SyntheticPlacements.notice(gateway.reference(), spec));
            }
            gateway.exclusionIntake().fromXml("broken.xml", "<not-a-document".getBytes(StandardCharsets.UTF_8),
                    null);
            TestPki.httpClient((String) null).send(HttpRequest.newBuilder(URI.create(fixture.apiBase()
                    + "/mailboxes/local-authority:886/messages")).GET().build(), HttpResponse.BodyHandlers.ofString());
            exported = ManagementClient.names(new ManagementClient(gateway).scrape());
        }

        Set<String> missing = new TreeSet<>();
        for (String expr : concat(dashboard, alerts)) {
            Matcher m = OUR_METRIC.matcher(expr);
            while (m.find()) {
                if (!exported.contains(m.group())) {
                    missing.add(m.group() + " (in " + expr + ")");
                }
            }
            assertThat(OUR_METRIC.matcher(expr).find() || PROMETHEUS_OWN.stream().anyMatch(expr::contains))
                    .as("queries a metric: " + expr).isTrue();
        }
        assertThat(missing).as("metrics queried but not exported; exported: " + exported).isEmpty();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
