package org.postern.ldap.external;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SASLBindRequest;
import java.util.Objects;
import javax.security.sasl.SaslException;
import org.postern.auth.GssapiInitiator;

/**
 * The service account's bind to the external directory as SASL GSSAPI (RFC 4752, RFC 4513
 * section 5.2): this server authenticates as its own {@code host/} principal, with the key from
 * the realm's keytab, asking for a ticket of {@code ldap/<directory host>}. The Kerberos side is
 * the one {@link GssapiInitiator} that hubs use towards peers; this class only carries its
 * tokens in bind requests (no bind DN: the directory maps the principal to an identity), each
 * {@code saslBindInProgress} answer's credentials being the next challenge. Security layer
 * {@code auth} only: the connection is already under TLS (LDAPS or StartTLS) when it binds.
 */
final class GssapiServiceBind extends SASLBindRequest {

    private static final long serialVersionUID = 1L;

    /** More rounds than GSSAPI needs (AP-REQ, AP-REP, security layer) means a server going in circles. */
    private static final int MAX_ROUNDS = 8;

    private final transient GssapiInitiator initiator;
    private final String directoryHost;

    /**
     * @param initiator     this server's Kerberos identity ({@code host/<hostname>@REALM} and its keytab)
     * @param directoryHost the directory's host name, as its {@code ldap/} principal names it
     */
    GssapiServiceBind(GssapiInitiator initiator, String directoryHost) {
        this(initiator, directoryHost, null);
    }

    private GssapiServiceBind(GssapiInitiator initiator, String directoryHost, Control[] controls) {
        super(controls);
        this.initiator = Objects.requireNonNull(initiator, "initiator");
        this.directoryHost = Objects.requireNonNull(directoryHost, "directoryHost");
    }

    @Override
    public String getSASLMechanismName() {
        return "GSSAPI";
    }

    @Override
    protected BindResult process(LDAPConnection connection, int depth) throws LDAPException {
        try (GssapiInitiator.Exchange exchange = initiator.start("ldap", directoryHost)) {
            byte[] token = exchange.initialResponse();
            for (int round = 0; round < MAX_ROUNDS; round++) {
                BindResult result = sendBindRequest(connection, "", new ASN1OctetString(token), getControls(),
                        getResponseTimeoutMillis(connection));
                if (result.getResultCode() != ResultCode.SASL_BIND_IN_PROGRESS) {
                    return result;
                }
                ASN1OctetString challenge = result.getServerSASLCredentials();
                token = exchange.evaluate(challenge == null ? new byte[0] : challenge.getValue());
            }
            throw new LDAPException(ResultCode.LOCAL_ERROR, "the GSSAPI bind to " + directoryHost + " did not end after "
                    + MAX_ROUNDS + " rounds");
        } catch (SaslException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "GSSAPI bind as " + initiator.principal() + " to ldap/"
                    + directoryHost + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public GssapiServiceBind duplicate() {
        return duplicate(getControls());
    }

    @Override
    public GssapiServiceBind duplicate(Control[] controls) {
        GssapiServiceBind copy = new GssapiServiceBind(initiator, directoryHost, controls);
        copy.setResponseTimeoutMillis(getResponseTimeoutMillis(null));
        return copy;
    }

    /** A connection the pool makes again binds again, with a new exchange (a new service ticket when needed). */
    @Override
    public GssapiServiceBind getRebindRequest(String host, int port) {
        return duplicate();
    }

    @Override
    public void toString(StringBuilder buffer) {
        buffer.append("GssapiServiceBind(principal='").append(initiator.principal()).append("', service='ldap/")
                .append(directoryHost).append("')");
    }
}
