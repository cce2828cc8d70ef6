package org.bridgeway.audit.timestamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bridgeway.audit.timestamp.InvalidTimestampException.Reason;
import org.bridgeway.dev.tsa.TokenIssuer;
import org.bridgeway.dev.tsa.TsaCredential;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Offline verification: each check fails for the token or certificate built to fail it, and only that check. */
class TimestampTokensTest {
    private static final byte[] HEAD = TestTokens.sha256("tree head 42");

    private static TokenIssuer issuer;
    private static byte[] token;
    private static Instant issuedAfter;
    private static Instant issuedBefore;

    @BeforeAll
    static void issue() throws Exception {
        issuer = new TokenIssuer(TsaCredential.generate());
        issuedAfter = Instant.now();
        TimeStampResponse response = issuer.respond(TestTokens.request(TSPAlgorithms.SHA256, HEAD, BigInteger.ONE));
        issuedBefore = Instant.now();
        token = response.getTimeStampToken().getEncoded();
    }

    private static X509Certificate trusted() {
        return issuer.credential().certificate();
    }

    @Test
    void aGenuineTokenYieldsItsGenTime() throws Exception {
        Instant genTime = TimestampTokens.verify(token, HEAD, trusted());

        assertThat(genTime).isBetween(issuedAfter.minusMillis(1), issuedBefore.plusMillis(1));
    }

    @Test
    void aTokenForAnotherImprintIsRejected() {
        assertThatThrownBy(() -> TimestampTokens.verify(token, TestTokens.sha256("tree head 43"), trusted()))
                .isInstanceOfSatisfying(InvalidTimestampException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.IMPRINT_MISMATCH))
                .hasMessageContaining("differs from the expected");
    }

    @Test
    void aTokenFromAnotherAuthorityIsRejectedAsSignedByAnotherCertificate() {
        X509Certificate otherAuthority = TsaCredential.generate().certificate();

        assertThatThrownBy(() -> TimestampTokens.verify(token, HEAD, otherAuthority))
                .isInstanceOfSatisfying(InvalidTimestampException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_SIGNER))
                .hasMessageContaining("signed by another certificate");
    }

    @Test
    void truncatedBytesAreNotAToken() {
        byte[] truncated = Arrays.copyOf(token, token.length / 2);

        assertThatThrownBy(() -> TimestampTokens.verify(truncated, HEAD, trusted()))
                .isInstanceOfSatisfying(InvalidTimestampException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_TOKEN))
                .hasMessageStartingWith("not a time-stamp token");
    }

    @Test
    void garbageAndEmptyInputAreNotTokens() {
        for (byte[] garbage : new byte[][] {new byte[0], "hello".getBytes(), new byte[] {0x30, 0x03, 0x02, 0x01, 0x05}}) {
            assertThatThrownBy(() -> TimestampTokens.verify(garbage, HEAD, trusted()))
                    .isInstanceOfSatisfying(InvalidTimestampException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_TOKEN));
        }
    }

    @Test
    void aGenuineTokenWithBytesAppendedIsNotAToken() {
        byte[] padded = Arrays.copyOf(token, token.length + 2);

        assertThatThrownBy(() -> TimestampTokens.verify(padded, HEAD, trusted()))
                .isInstanceOfSatisfying(InvalidTimestampException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_TOKEN));
    }

    @Test
    void aTokenOverAnotherHashAlgorithmIsRejected() throws Exception {
        byte[] sha512Token = TestTokens.unrestrictedToken(issuer.credential(), NISTObjectIdentifiers.id_sha512,
                TestTokens.digest("SHA-512", "tree head 42"));

        assertThatThrownBy(() -> TimestampTokens.verify(sha512Token, HEAD, trusted()))
                .isInstanceOfSatisfying(InvalidTimestampException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.HASH_ALGORITHM))
                .hasMessageContaining(NISTObjectIdentifiers.id_sha512.getId())
                .hasMessageContaining("not SHA-256");
    }

    @Test
    void anAlteredSignatureIsRejected() throws Exception {
        byte[] altered = TestTokens.withSignatureAltered(token);

        assertThatThrownBy(() -> TimestampTokens.verify(altered, HEAD, trusted()))
                .isInstanceOfSatisfying(InvalidTimestampException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @Test
    void aCertificateWithoutCriticalTimeStampingUsageIsRejected() throws Exception {
        Instant now = Instant.now();
        X509Certificate nonCritical = TestTokens.reissued(issuer.credential(), false, now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)));

        assertThatThrownBy(() -> TimestampTokens.verify(token, HEAD, nonCritical))
                .isInstanceOfSatisfying(InvalidTimestampException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_USAGE))
                .hasMessageContaining("critical id-kp-timeStamping");
    }

    @Test
    void aCertificateNotYetValidAtGenTimeIsRejected() throws Exception {
        Instant now = Instant.now();
        X509Certificate later = TestTokens.reissued(issuer.credential(), true, now.plus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(2)));

        assertThatThrownBy(() -> TimestampTokens.verify(token, HEAD, later))
                .isInstanceOfSatisfying(InvalidTimestampException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_NOT_VALID));
    }

    @Test
    void aCertificateSharingIssuerSerialAndKeyButNotBytesIsRejectedBySigningCertificateAttribute() throws Exception {
        // Same signer identifier, key, usage and validity: only the signed ESS signing-certificate hash differs.
        X509Certificate original = trusted();
        X509Certificate twin = TestTokens.reissued(issuer.credential(), true, original.getNotBefore().toInstant(),
                original.getNotAfter().toInstant());

        assertThatThrownBy(() -> TimestampTokens.verify(token, HEAD, twin))
                .isInstanceOfSatisfying(InvalidTimestampException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_SIGNER))
                .hasMessageContaining("signing-certificate attribute");
    }

    @Test
    void anImprintThatIsNotSha256SizedIsACallerError() {
        assertThatThrownBy(() -> TimestampTokens.verify(token, new byte[20], trusted()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}
