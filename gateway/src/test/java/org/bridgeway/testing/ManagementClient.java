package org.bridgeway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bridgeway.gateway.Gateway;

/**
 * A plain-HTTP client of a gateway's management port, and a reader of its {@code /metrics} in the Prometheus text
 * format: series (name and labels as printed) to value.
 */
public final class ManagementClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ManagementClient(Gateway gateway) {
        this.base = "http://127.0.0.1:" + gateway.managementPort();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The text of a scrape. */
    public String scrapeText() {
        HttpResponse<String> r = get("/metrics");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + r.statusCode());
        }
        return r.body();
    }

    /** Every series of a scrape, e.g. {@code bridgeway_notices_received_total{exchange="placement-notification"}}. */
    public Map<String, Double> scrape() {
        return series(scrapeText());
    }

    public static Map<String, Double> series(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            series.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
        }
        return series;
    }

    /** The metric names of a scrape (series names without labels). */
    public static Set<String> names(Map<String, Double> series) {
        Set<String> names = new TreeSet<>();
        series.keySet().forEach(s -> names.add(s.contains("{") ? s.substring(0, s.indexOf('{')) : s));
        return names;
    }

    /** The sum of the series named {@code name} carrying every label given as {@code key="value"}. */
    public static double value(Map<String, Double> series, String name, String... labels) {
        return series.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> Arrays.stream(labels).allMatch(l -> e.getKey().contains(l)))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
