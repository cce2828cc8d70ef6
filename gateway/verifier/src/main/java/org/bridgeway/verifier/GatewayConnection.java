package org.bridgeway.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How a command reaches a gateway's audit API: its partner certificate over mutual TLS, and a token if checked. */
public final class GatewayConnection {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--client-cert", paramLabel = "P12",
            description = "The client certificate to present (PKCS#12; password from " + MutualTls.PASSWORD_VARIABLE
                    + ").")
    Path clientCertificate;

    @Option(names = "--ca-cert", paramLabel = "PEM", description = "With --client-cert: the CA of the gateway's TLS certificate.")
    Path caCertificate;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding a certificate-bound access token, for a gateway that checks tokens.")
    Path tokenFile;

    /** The client: over mutual TLS with {@code --client-cert}, else plain (a gateway on loopback, a test). */
    public HttpClient http() throws IOException {
        if (clientCertificate != null) {
            if (caCertificate == null) {
                throw new ParameterException(command.commandLine(), "--client-cert needs --ca-cert");
            }
            return MutualTls.ownPki(clientCertificate, caCertificate);
        }
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public boolean presentsClientCertificate() {
        return clientCertificate != null;
    }

    /** The token, read at each request so one refreshed in the file is picked up; null without {@code --token-file}. */
    public Supplier<String> bearerToken() {
        if (tokenFile == null) {
            return null;
        }
        return () -> {
            try {
                return Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the token file " + tokenFile, e);
            }
        };
    }
}
