package org.bridgeway.delivery.push;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.handler.MessageContext;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.xml.namespace.QName;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.bridgeway.delivery.soap.intake.IntakeUnavailableFault;
import org.bridgeway.delivery.soap.intake.PoliceRecordsIntake;
import org.bridgeway.delivery.soap.intake.RejectedNoticeFault;
import org.bridgeway.delivery.soap.intake.SubmitNoticeRequest;
import org.bridgeway.delivery.soap.intake.SubmitNoticeResponse;
import org.bridgeway.logging.CorrelationId;

/**
 * A CXF JAX-WS client of one force's PoliceRecordsIntake service (the port generated from our WSDL), with that
 * force's timeouts. It answers with the force's receipt, or a {@link PushFailure} that says whether trying again
 * can help: only the declared RejectedNotice fault and a SOAP Client fault (our message is at fault) are permanent;
 * everything else (connection refused, timeout, TLS refused, IntakeUnavailable, Server fault, HTTP error) is
 * passing. Over https it presents the gateway's client certificate and trusts only the roots {@link PushTls} gives.
 */
final class PoliceRecordsClient implements AutoCloseable {
    /** CXF's switch to a request context per thread instead of one shared by every caller of the proxy. */
    private static final String THREAD_LOCAL_REQUEST_CONTEXT = "thread.local.request.context";
    private final ForceEndpoint endpoint;
    private final PoliceRecordsIntake port;

    PoliceRecordsClient(Bus bus, ForceEndpoint endpoint, Optional<SSLContext> tls) {
        this.endpoint = endpoint;
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(PoliceRecordsIntake.class);
        factory.setAddress(endpoint.url().toString());
        port = factory.create(PoliceRecordsIntake.class);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(endpoint.connectTimeout().toMillis());
        policy.setReceiveTimeout(endpoint.receiveTimeout().toMillis());
        // a notice is small; a Content-Length lets simple intake servers read it whole
        policy.setAllowChunking(false);
        HTTPConduit conduit = (HTTPConduit) client().getConduit();
        conduit.setClient(policy);
        tls.ifPresent(context -> {
            TLSClientParameters parameters = new TLSClientParameters();
            parameters.setSslContext(context);
            parameters.setDisableCNCheck(false); // the force's certificate must name the host dialled
            conduit.setTlsClientParameters(parameters);
        });
        // each call's headers are its own thread's, whichever route or replay makes it
        ((BindingProvider) port).getRequestContext().put(THREAD_LOCAL_REQUEST_CONTEXT, "true");
    }

    /**
     * Submits the notice; with a {@code correlationId} (the gateway's own, never a caller's X-Request-Id), as the
     * HTTP header X-Request-Id, so the force's logs of the call can be matched with the gateway's.
     */
    SubmitNoticeResponse submit(SubmitNoticeRequest request, String correlationId) throws PushFailure {
        ((BindingProvider) port).getRequestContext().put(MessageContext.HTTP_REQUEST_HEADERS, correlationId == null
                ? Map.of() : Map.of(CorrelationId.REQUEST_HEADER, List.of(correlationId)));
        SubmitNoticeResponse response;
        try {
            response = port.submitNotice(request);
        } catch (RejectedNoticeFault e) {
            throw PushFailure.permanent(reasonCode(e.getFaultInfo().getReasonCode()), e.getFaultInfo().getReason(), null);
        } catch (IntakeUnavailableFault e) {
            throw PushFailure.passing("INTAKE_UNAVAILABLE", e.getFaultInfo().getReason(), null);
        } catch (SOAPFaultException e) {
            throw soapFault(e.getFault().getFaultCodeAsQName(), e.getFault().getFaultString(), e);
        } catch (WebServiceException e) {
            throw otherFailure(e);
        }
        if (response == null || response.getStatus() == null || response.getReceiptId() == null
                || response.getReceiptId().isBlank()) {
            throw PushFailure.passing("BAD_RESPONSE", "the answer has no receipt id or status", null);
        }
        if (!request.getIdempotencyKey().equals(response.getIdempotencyKey())) {
            throw PushFailure.passing("BAD_RESPONSE", "the answer is about another idempotency key", null);
        }
        return response;
    }

    /** A reason code as the contract defines it; CXF does not check an answer against the schema. */
    private static final Pattern REASON_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    /**
     * The force's reason code for a rejection if it is one the contract allows, else {@code REJECTED_UNCODED}: the
     * code goes into the audit log and the log, so free text a force put there (which could quote the notice) must
     * not, and a missing code must not stop the notice being dead-lettered.
     */
    static String reasonCode(String fromForce) {
        return fromForce != null && REASON_CODE.matcher(fromForce).matches() ? fromForce : "REJECTED_UNCODED";
    }

    /**
     * An undeclared SOAP fault. SOAP 1.1 "Client" / 1.2 "Sender": the force says our message is wrong, so sending it
     * again cannot help. Anything else ("Server" / "Receiver") is the force's passing trouble.
     */
    private static PushFailure soapFault(QName code, String text, Throwable e) {
        String local = code == null ? "" : code.getLocalPart();
        if (local.equals("Client") || local.equals("Sender")) {
            return PushFailure.permanent("SOAP_CLIENT_FAULT", text, e);
        }
        return PushFailure.passing("SERVER_FAULT", text, e);
    }

    /** A SOAP fault CXF did not surface as such, or a failure below SOAP; all but a Client fault may pass. */
    private PushFailure otherFailure(WebServiceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SoapFault fault) {
                return soapFault(fault.getFaultCode(), fault.getMessage(), e);
            }
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return PushFailure.passing("CONNECTION_FAILED", "cannot connect to " + endpoint.url().getHost()
                        + ":" + port() + " (" + t.getClass().getSimpleName() + ")", e);
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                // the force may have applied it: the retry carries the same idempotency key
                return PushFailure.passing("TIMED_OUT", "no answer within " + endpoint.receiveTimeout().toMillis()
                        + " ms", e);
            }
            if (t instanceof SSLException) {
                // an untrusted or misnamed server certificate, or the force refused ours: an operator can fix it
                return PushFailure.passing("TLS_FAILED", "TLS with " + endpoint.url().getHost() + ":" + port()
                        + " failed (" + t.getClass().getSimpleName() + ")", e);
            }
            if (t instanceof HTTPException http) {
                return PushFailure.passing("HTTP_ERROR", "HTTP " + http.getResponseCode() + " "
                        + http.getResponseMessage(), e);
            }
        }
        return PushFailure.passing("TRANSPORT_ERROR", String.valueOf(e.getMessage()), e);
    }

    private int port() {
        int p = endpoint.url().getPort();
        return p >= 0 ? p : endpoint.url().getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private Client client() {
        return ClientProxy.getClient(port);
    }

    @Override
    public void close() {
        client().destroy();
    }
}
