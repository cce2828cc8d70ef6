package org.bridgeway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.bridgeway.dev.pki.DevelopmentPki;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.TestPki;
import org.junit.jupiter.api.Test;

/** Which client chains are trusted, and the reason named for each that is not. */
class ClientCertificateVerifierTest {
    private final Path pki = TestPki.directory();
    private final Clock clock = Clock.systemUTC();
    private final X509Certificate root = PkiDirectory.readCertificate(pki.resolve(PkiDirectory.ROOT_CA));
    private final X509Certificate intermediate = PkiDirectory.readCertificate(pki.resolve(PkiDirectory.INTERMEDIATE_CA));
    private final RevocationLists crls = new RevocationLists(List.of(pki.resolve(PkiDirectory.CRL)),
            List.of(root, intermediate), Duration.ofSeconds(30), clock);
    private final ClientCertificateVerifier verifier = new ClientCertificateVerifier(List.of(root),
            List.of(intermediate), crls, clock);

    @Test
    void everyDemoOrganisationsCertificateIsTrustedWithItsChainOrAlone() {
        for (DevelopmentPki.DemoClient client : DevelopmentPki.DEMO_CLIENTS) {
            X509Certificate[] chain = chain(pki, PkiDirectory.clientKeyStore(client.name()));
            assertThat(verifier.verify(chain)).as(client.name()).isEmpty();
            // a client that sends only its own certificate: the configured intermediate completes the path
            assertThat(verifier.verify(new X509Certificate[] {chain[0]})).as(client.name()).isEmpty();
        }
    }

    @Test
    void eachUntrustedChainIsRefusedWithItsReason() {
        assertThat(verifier.verify(new X509Certificate[0])).contains(RefusalReason.NO_CERTIFICATE);
        assertThat(verifier.verify(chain(pki, PkiDirectory.clientKeyStore(DevelopmentPki.EXPIRED_CLIENT))))
                .contains(RefusalReason.EXPIRED);
        assertThat(verifier.verify(chain(pki, PkiDirectory.clientKeyStore(DevelopmentPki.REVOKED_CLIENT))))
                .contains(RefusalReason.REVOKED);
        assertThat(verifier.verify(chain(TestPki.otherPki(), PkiDirectory.clientKeyStore("police-kent"))))
                .as("same names, another CA").contains(RefusalReason.UNKNOWN_CA);
        assertThat(verifier.verify(chain(pki, PkiDirectory.SERVER + ".p12")))
                .as("a server certificate").contains(RefusalReason.NOT_A_CLIENT_CERTIFICATE);
        assertThat(verifier.verify(new X509Certificate[] {intermediate}))
                .as("a CA certificate").contains(RefusalReason.NOT_A_CLIENT_CERTIFICATE);
    }

    @Test
    void aCertificateIsRefusedBeforeItsValidityAndWithoutACurrentCrl() {
        X509Certificate[] kent = chain(pki, PkiDirectory.clientKeyStore("police-kent"));
        Clock past = Clock.fixed(kent[0].getNotBefore().toInstant().minusSeconds(60), ZoneOffset.UTC);
        assertThat(new ClientCertificateVerifier(List.of(root), List.of(intermediate), crls, past).verify(kent))
                .contains(RefusalReason.NOT_YET_VALID);

        // the CRL of another CA says nothing about this one: revocation cannot be ruled out, so refused
        Path otherCrl = TestPki.otherPki().resolve(PkiDirectory.CRL);
        X509Certificate otherIntermediate = PkiDirectory.readCertificate(
                TestPki.otherPki().resolve(PkiDirectory.INTERMEDIATE_CA));
        RevocationLists foreign = new RevocationLists(List.of(otherCrl), List.of(otherIntermediate),
                Duration.ofSeconds(30), clock);
        assertThat(new ClientCertificateVerifier(List.of(root), List.of(intermediate), foreign, clock).verify(kent))
                .contains(RefusalReason.REVOCATION_UNKNOWN);
    }

    @Test
    void aRevocationIsSeenOnceTheChangedCrlIsReadAgain() {
        Path fresh = TestPki.freshPki();
        X509Certificate freshRoot = PkiDirectory.readCertificate(fresh.resolve(PkiDirectory.ROOT_CA));
        X509Certificate freshIntermediate = PkiDirectory.readCertificate(fresh.resolve(PkiDirectory.INTERMEDIATE_CA));
        AdjustableClock now = new AdjustableClock(Instant.now());
        RevocationLists lists = new RevocationLists(List.of(fresh.resolve(PkiDirectory.CRL)),
                List.of(freshRoot, freshIntermediate), Duration.ofSeconds(30), now);
        ClientCertificateVerifier freshVerifier = new ClientCertificateVerifier(List.of(freshRoot),
                List.of(freshIntermediate), lists, now);
        X509Certificate[] gmp = chain(fresh, PkiDirectory.clientKeyStore("police-greater-manchester"));
        assertThat(freshVerifier.verify(gmp)).isEmpty();

        DevelopmentPki.revokeClient(fresh, "police-greater-manchester");
        assertThat(freshVerifier.verify(gmp)).as("not looked at again before the interval").isEmpty();
        now.advance(Duration.ofSeconds(31));
        assertThat(freshVerifier.verify(gmp)).contains(RefusalReason.REVOKED);
        assertThat(lists.isRevoked(gmp[0])).isTrue();
        assertThat(freshVerifier.verify(chain(fresh, PkiDirectory.clientKeyStore(DevelopmentPki.REVOKED_CLIENT))))
                .as("earlier entries kept").contains(RefusalReason.REVOKED);
        assertThat(freshVerifier.verify(chain(fresh, PkiDirectory.clientKeyStore("police-kent")))).isEmpty();
    }

    @Test
    void aPartnerCertificateNamesItsOrganisationAndAnEmergencyDutyTeamItsAuthority() {
        PartnerCertificate kent = PartnerCertificate.read(chain(pki, PkiDirectory.clientKeyStore("police-kent"))[0])
                .identity().orElseThrow();
        assertThat(kent.organisation().id()).isEqualTo("police:kent");
        assertThat(kent.system()).isEqualTo("police:kent");
        assertThat(kent.emergencyDutyTeam()).isFalse();

        PartnerCertificate edt = PartnerCertificate.read(
                chain(pki, PkiDirectory.clientKeyStore("local-authority-886-edt"))[0]).identity().orElseThrow();
        assertThat(edt.organisation().id()).isEqualTo("local-authority:886");
        assertThat(edt.system()).isEqualTo("local-authority:886/edt");
        assertThat(edt.emergencyDutyTeam()).isTrue();

        assertThat(PartnerCertificate.read(chain(pki, PkiDirectory.SERVER + ".p12")[0]).refusal())
                .as("no organisation URI").contains(RefusalReason.NO_ORGANISATION);
    }

    @Test
    void sourcesAreIpv4AddressesOrIpv6Slash64s() {
        assertThat(SourceAddress.of("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(SourceAddress.of("2001:db8:1:2:aaaa::1")).isEqualTo(SourceAddress.of("[2001:db8:1:2:bbbb::9]"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(SourceAddress.of("2001:db8:1:3::1")).isNotEqualTo(SourceAddress.of("2001:db8:1:2::1"));
        assertThat(SourceAddress.of("::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(SourceAddress.of(null)).isEqualTo(SourceAddress.UNKNOWN);
    }

    static X509Certificate[] chain(Path pki, String store) {
        try (InputStream in = Files.newInputStream(pki.resolve(store))) {
            char[] password = PkiDirectory.passwords(pki).getProperty(store).toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password);
            Certificate[] chain = keys.getCertificateChain(keys.aliases().nextElement());
            return Stream.of(chain).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
