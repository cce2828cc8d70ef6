package org.bridgeway.dev.tsa;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.TimeStampReq;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bridgeway.audit.timestamp.StrictDer;

/**
 * Answers time-stamp requests with Bouncy Castle's generators: SHA-256 imprints only, policy {@value #POLICY_OID},
 * no request extensions, serial numbers 1, 2, 3, ...
 */
public final class TokenIssuer {
    /**
     * A UUID-derived OID (ITU-T X.667, arc 2.25): it needs no registration and cannot collide with a real TSA's
     * policy, so a development token is never mistaken for a production one.
     */
    public static final String POLICY_OID = "2.25.10367014556251538149561430081320927935";
    public static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier(POLICY_OID);

    private final TsaCredential credential;
    private final TimeStampTokenGenerator tokens;
    private long lastSerial;

    public TokenIssuer(TsaCredential credential) {
        this.credential = credential;
        try {
            tokens = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build(TsaCredential.SIGNATURE_ALGORITHM,
                            credential.keys().getPrivate(), credential.certificate()),
                    // SHA-256 makes the generator write the signing-certificate-v2 attribute rather than SHA-1's v1
                    new JcaDigestCalculatorProviderBuilder().build()
                            .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                    POLICY);
            tokens.addCertificates(new JcaCertStore(List.of(credential.certificate())));
            tokens.setResolution(TimeStampTokenGenerator.R_MILLISECONDS);
        } catch (OperatorCreationException | CertificateEncodingException | TSPException e) {
            throw new IllegalStateException("cannot set up the development TSA's token generator", e);
        }
    }

    public TsaCredential credential() {
        return credential;
    }

    /** Answers a DER-encoded request; bytes that are not a TimeStampReq get a badDataFormat rejection. */
    public byte[] respond(byte[] requestDer) {
        TimeStampRequest request;
        try {
            request = new TimeStampRequest(TimeStampReq.getInstance(StrictDer.parse(requestDer)));
        } catch (IOException | RuntimeException e) {
            return encode(reject(PKIFailureInfo.badDataFormat, "request is not a DER TimeStampReq"));
        }
        return encode(respond(request));
    }

    /** Answers a parsed request. Synchronized so that serial numbers rise in the same order as genTime. */
    public synchronized TimeStampResponse respond(TimeStampRequest request) {
        try {
            return responses().generate(request, BigInteger.valueOf(++lastSerial), new Date());
        } catch (TSPException e) {
            return reject(PKIFailureInfo.systemFailure, "cannot issue a token");
        }
    }

    private TimeStampResponse reject(int failure, String text) {
        try {
            return responses().generateFailResponse(PKIStatus.REJECTION, failure, text);
        } catch (TSPException e) {
            throw new IllegalStateException("cannot encode a rejection", e);
        }
    }

    /**
     * A fresh response generator per answer: Bouncy Castle's accumulates the failure bits and status strings of
     * every rejection it has made, so a shared one would report earlier requests' failures in later answers.
     */
    private TimeStampResponseGenerator responses() {
        return new TimeStampResponseGenerator(tokens, Set.of(TSPAlgorithms.SHA256), Set.of(POLICY), Set.of());
    }

    private static byte[] encode(TimeStampResponse response) {
        try {
            return response.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a time-stamp response", e);
        }
    }
}
