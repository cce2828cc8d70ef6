package org.bridgeway.audit.timestamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.bridgeway.dev.tsa.DevelopmentTimestampAuthority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The development TSA over real HTTP on loopback: what it grants, what it refuses, and how. */
class DevelopmentTimestampAuthorityTest {
    private static final byte[] HEAD = TestTokens.sha256("tree head 7");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static DevelopmentTimestampAuthority tsa;

    @BeforeAll
    static void start() {
        tsa = DevelopmentTimestampAuthority.start();
    }

    @AfterAll
    static void stop() {
        tsa.close();
    }

    private static HttpResponse<byte[]> post(URI url, String contentType, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static TimeStampResponse query(TimeStampRequest request) throws Exception {
        HttpResponse<byte[]> response = post(tsa.url(), Rfc3161Media.QUERY, request.getEncoded());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Rfc3161Media.REPLY);
        return new TimeStampResponse(response.body());
    }

    private static TimeStampRequest sha256Request(BigInteger nonce) {
        return TestTokens.request(TSPAlgorithms.SHA256, HEAD, nonce);
    }

    @Test
    void servesOnLoopbackOnly() throws Exception {
        assertThat(tsa.url().getHost()).isEqualTo("127.0.0.1");
        // another loopback address: reachable on Linux whenever a server listens on all addresses, as one bound to
        // 127.0.0.1 alone does not
        InetAddress otherLoopback = InetAddress.getByName("127.0.0.2");

        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(otherLoopback, tsa.url().getPort()), 2000))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void grantsASignedTokenUnderItsPolicyWithItsCertificate() throws Exception {
        TimeStampRequest request = sha256Request(BigInteger.valueOf(77));

        TimeStampResponse response = query(request);

        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        TimeStampTokenInfo info = response.getTimeStampToken().getTimeStampInfo();
        assertThat(info.getPolicy().getId()).isEqualTo(DevelopmentTimestampAuthority.POLICY_OID);
        assertThat(info.getNonce()).isEqualTo(BigInteger.valueOf(77));
        assertThat(info.getMessageImprintDigest()).isEqualTo(HEAD);
        assertThat(response.getTimeStampToken().getCertificates().getMatches(null)).hasSize(1);
        assertThat(TimestampTokens.verify(response.getTimeStampToken().getEncoded(), HEAD, tsa.certificate()))
                .isEqualTo(info.getGenTime().toInstant());
    }

    @Test
    void serialNumbersRiseWithEveryToken() throws Exception {
        BigInteger previous = BigInteger.ZERO;
        for (int i = 0; i < 3; i++) {
            BigInteger serial = query(sha256Request(BigInteger.valueOf(i))).getTimeStampToken().getTimeStampInfo()
                    .getSerialNumber();
            assertThat(serial).isGreaterThan(previous);
            previous = serial;
        }
    }

    @Test
    void certificateIsSelfSignedP256WithCriticalTimeStampingUsageOnly() throws Exception {
        X509Certificate certificate = tsa.certificate();

        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.37");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void refusesAnImprintThatIsNotSha256() throws Exception {
        TimeStampResponse response = query(TestTokens.request(TSPAlgorithms.SHA1,
                TestTokens.digest("SHA-1", "tree head 7"), BigInteger.ONE));

        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badAlg);
        assertThat(response.getTimeStampToken()).isNull();
    }

    @Test
    void refusesAnotherPolicy() throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setReqPolicy(new ASN1ObjectIdentifier("1.2.3.4"));

        TimeStampResponse response = query(generator.generate(TSPAlgorithms.SHA256, HEAD, BigInteger.ONE));

        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.unacceptedPolicy);
    }

    @Test
    void answersGarbageWithABadDataFormatRejection() throws Exception {
        HttpResponse<byte[]> response = post(tsa.url(), Rfc3161Media.QUERY, "not a request".getBytes());

        assertThat(response.statusCode()).isEqualTo(200);
        TimeStampResponse parsed = new TimeStampResponse(response.body());
        assertThat(parsed.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(parsed.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);
    }

    @Test
    void eachRejectionCarriesOnlyItsOwnFailure() throws Exception {
        post(tsa.url(), Rfc3161Media.QUERY, "not a request".getBytes()); // badDataFormat first

        TimeStampResponse response = query(TestTokens.request(TSPAlgorithms.SHA1,
                TestTokens.digest("SHA-1", "tree head 7"), BigInteger.ONE));

        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badAlg);
    }

    @Test
    void refusesAnOversizedQueryWith413() throws Exception {
        byte[] oversized = new byte[DevelopmentTimestampAuthority.MAX_REQUEST_BYTES + 1];

        assertThat(post(tsa.url(), Rfc3161Media.QUERY, oversized).statusCode()).isEqualTo(413);
    }

    @Test
    void acceptsAQueryOfExactlyTheLimitAsFarAsParsingIt() throws Exception {
        // The limit is on size alone: a body of the limit is read and then refused as malformed, not as too large.
        byte[] atLimit = new byte[DevelopmentTimestampAuthority.MAX_REQUEST_BYTES];

        HttpResponse<byte[]> response = post(tsa.url(), Rfc3161Media.QUERY, atLimit);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new TimeStampResponse(response.body()).getStatus()).isEqualTo(PKIStatus.REJECTION);
    }

    @Test
    void refusesTheWrongContentTypeWith415() throws Exception {
        byte[] query = sha256Request(BigInteger.ONE).getEncoded();

        assertThat(post(tsa.url(), "application/octet-stream", query).statusCode()).isEqualTo(415);
    }

    @Test
    void refusesOtherMethodsWith405() throws Exception {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(tsa.url()).GET().build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().allValues("Allow")).isEqualTo(List.of("POST"));
    }

    @Test
    void servesNoOtherPath() throws Exception {
        URI elsewhere = tsa.url().resolve("/other");

        assertThat(post(elsewhere, Rfc3161Media.QUERY, sha256Request(BigInteger.ONE).getEncoded()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void answers503WhileUnavailableAndGrantsAgainAfterwards() throws Exception {
        byte[] query = sha256Request(BigInteger.ONE).getEncoded();
        tsa.setAvailable(false);
        try {
            assertThat(post(tsa.url(), Rfc3161Media.QUERY, query).statusCode()).isEqualTo(503);
        } finally {
            tsa.setAvailable(true);
        }
        assertThat(query(sha256Request(BigInteger.ONE)).getStatus()).isEqualTo(PKIStatus.GRANTED);
    }

    @Test
    void twoAuthoritiesHaveDifferentCertificates() {
        try (DevelopmentTimestampAuthority other = DevelopmentTimestampAuthority.start()) {
            assertThat(other.certificate()).isNotEqualTo(tsa.certificate());
            assertThat(other.certificate().getSerialNumber()).isNotEqualTo(tsa.certificate().getSerialNumber());
            assertThat(other.url()).isNotEqualTo(tsa.url());
        }
    }
}
