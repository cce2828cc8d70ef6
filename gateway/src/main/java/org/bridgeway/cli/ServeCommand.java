package org.bridgeway.cli;

import java.net.URI;
import java.nio.file.Path;
import org.bridgeway.audit.timestamp.Rfc3161Client;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.model.Organisation;
import org.bridgeway.store.DatabasePassword;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the gateway until it is stopped; SIGTERM drains in-flight exchanges before exiting. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway until stopped (SIGTERM drains in-flight work).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the API (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", description = "Data directory (default ./data).")
    Path data;

    @Option(names = "--operator", defaultValue = "local-authority:886",
            description = "The organisation this gateway serves; the responsible authority of returns dropped in its inbox (default ${DEFAULT-VALUE}).")
    String operator;

    @Option(names = "--opa-url", description = "Decide with this OPA server (loaded with `./bridgeway policy bundle`) instead of the embedded decision point.")
    String opaUrl;

    @Option(names = "--tsa-url", description = "An RFC 3161 time-stamping authority for the audit log's signed tree heads.")
    URI tsaUrl;

    @Option(names = "--tsa-cert", description = "The time-stamping authority's certificate (PEM); required with --tsa-url.")
    Path tsaCertificate;

    @Option(names = "--database-url", description = "Keep the gateway's records in this PostgreSQL database "
            + "(jdbc:postgresql://host:port/name) instead of the embedded H2 database under --data. The password is "
            + "read from the environment variable " + DatabasePassword.ENVIRONMENT_VARIABLE + ", never from the command line.")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = GatewayConfig.DEFAULT_DATABASE_USER,
            description = "The PostgreSQL user (default ${DEFAULT-VALUE}).")
    String databaseUser;

    @Override
    public Integer call() throws Exception {
        Path root = GatewayConfig.locateProjectRoot();
        GatewayConfig base = GatewayConfig.embeddedDefaults(root);
        GatewayConfig config = new GatewayConfig(root, data == null ? base.dataDirectory() : data.toAbsolutePath(),
                Organisation.parseId(operator), host, java.util.Optional.of(port), true,
                java.util.Optional.ofNullable(opaUrl));
        if (tsaUrl != null) {
            if (tsaCertificate == null) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--tsa-url needs --tsa-cert: a token is only worth what its signer's certificate proves");
            }
            config = config.withTimestamps(new Rfc3161Client(tsaUrl, Certificates.readX509(tsaCertificate)));
        }
        if (databaseUrl != null) {
            config = config.withDatabase(databaseUrl, databaseUser, DatabasePassword.fromEnvironment());
        }
        Gateway gateway = Gateway.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Bridgeway stopping: draining in-flight exchanges");
            gateway.close();
            stopped.countDown();
        }, "bridgeway-shutdown"));
        System.out.printf("Bridgeway serving %s on http://%s:%d/api/v1 ; SSDA903 inbox %s ; audit log %d entries%n",
                config.operator().id(), host, port, config.inbox(), gateway.auditLog().size());
        stopped.await();
        return 0;
    }
}
