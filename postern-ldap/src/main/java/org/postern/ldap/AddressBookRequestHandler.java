package org.postern.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerRequestHandler;
import com.unboundid.ldap.protocol.AddRequestProtocolOp;
import com.unboundid.ldap.protocol.AddResponseProtocolOp;
import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.BindResponseProtocolOp;
import com.unboundid.ldap.protocol.CompareRequestProtocolOp;
import com.unboundid.ldap.protocol.CompareResponseProtocolOp;
import com.unboundid.ldap.protocol.DeleteRequestProtocolOp;
import com.unboundid.ldap.protocol.DeleteResponseProtocolOp;
import com.unboundid.ldap.protocol.ExtendedRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ModifyDNRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyDNResponseProtocolOp;
import com.unboundid.ldap.protocol.ModifyRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyResponseProtocolOp;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.GenericSASLBindRequest;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.postern.auth.AuthContext;
import org.postern.auth.AuthFailure;
import org.postern.auth.SaslExchange;
import org.postern.auth.Authenticator;
import org.postern.auth.SaslStep;
import org.postern.core.directory.Recipient.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the address book (RFC 4511), read-only and authenticated:
 * <ul>
 * <li>Bind (RFC 4513): a simple bind is checked by the one {@link Authenticator} (its failure
 *     throttle included) and only under TLS — before it, {@code confidentialityRequired};
 *     an unauthenticated bind (a name without a password) is {@code unwillingToPerform}
 *     (section 5.1.2); an anonymous bind only drops an earlier identity; SASL GSSAPI
 *     (Kerberos) under TLS when the authenticator offers it, any other SASL mechanism
 *     {@code authMethodNotSupported}.</li>
 * <li>Search: the root DSE (naming context, StartTLS) to anyone, as clients discover the
 *     server with it; everything else only once bound, otherwise {@code insufficientAccessRights}.</li>
 * <li>Add, delete, modify, modify DN and compare: {@code unwillingToPerform} — the address book
 *     is read-only; the directory is changed by {@code postern user …}.</li>
 * </ul>
 * StartTLS (RFC 4511 section 4.14) is handled in front of this class by the SDK's
 * {@code StartTLSRequestHandler}; TLS is read from the connection's socket at each bind.
 */
final class AddressBookRequestHandler extends LDAPListenerRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AddressBookRequestHandler.class);

    private final AddressBookSearch search;
    private final Authenticator authenticator;
    private final LDAPListenerClientConnection connection;
    private volatile Optional<User> bound = Optional.empty();
    /** A SASL bind in progress on this connection. */
    private volatile SaslExchange sasl;

    AddressBookRequestHandler(AddressBookSearch search, Authenticator authenticator) {
        this(search, authenticator, null);
    }

    private AddressBookRequestHandler(AddressBookSearch search, Authenticator authenticator,
                                      LDAPListenerClientConnection connection) {
        this.search = search;
        this.authenticator = authenticator;
        this.connection = connection;
    }

    @Override
    public AddressBookRequestHandler newInstance(LDAPListenerClientConnection client) {
        return new AddressBookRequestHandler(search, authenticator, client);
    }

    @Override
    public LDAPMessage processBindRequest(int messageID, BindRequestProtocolOp request, List<Control> controls) {
        bound = Optional.empty(); // RFC 4513 section 4: a bind, even a failed one, ends the earlier identity
        if (request.getVersion() != 3) {
            return bindResult(messageID, ResultCode.PROTOCOL_ERROR, "LDAP version 3 only");
        }
        if (request.getCredentialsType() == BindRequestProtocolOp.CRED_TYPE_SASL) {
            return saslBind(messageID, (GenericSASLBindRequest) request.toBindRequest());
        }
        sasl = null; // a simple bind ends a SASL bind in progress (RFC 4513 section 5.2.1.2)
        SimpleBindRequest simple = (SimpleBindRequest) request.toBindRequest();
        String name = simple.getBindDN();
        ASN1OctetString password = simple.getPassword();
        if (password == null || password.getValueLength() == 0) {
            if (name.isEmpty()) {
                return bindResult(messageID, ResultCode.SUCCESS, null); // anonymous: may read the root DSE only
            }
            return bindResult(messageID, ResultCode.UNWILLING_TO_PERFORM, "unauthenticated bind (a name without a password) is refused");
        }
        if (!tls()) {
            return bindResult(messageID, ResultCode.CONFIDENTIALITY_REQUIRED, "a password is accepted only under TLS: use StartTLS or LDAPS");
        }
        char[] secret = password.stringValue().toCharArray();
        try {
            SaslStep step = authenticator.login(AddressBook.loginOf(name), secret, context());
            return switch (step) {
                case SaslStep.Success s -> {
                    bound = Optional.of(s.user());
                    yield bindResult(messageID, ResultCode.SUCCESS, null);
                }
                case SaslStep.Failure f -> f.reason() == AuthFailure.MALFORMED
                        ? bindResult(messageID, ResultCode.INVALID_CREDENTIALS, null) : failure(messageID, f.reason());
                case SaslStep.PeerServer p -> bindResult(messageID, ResultCode.INVALID_CREDENTIALS, null); // never from a password
                case SaslStep.Challenge c -> bindResult(messageID, ResultCode.OTHER, null);
            };
        } finally {
            java.util.Arrays.fill(secret, '\0');
        }
    }

    /**
     * A SASL bind (RFC 4513 section 5.2): GSSAPI only (RFC 4752, the {@code ldap/} service
     * principal), under TLS like every mechanism; each bind request carries the client's next
     * token and the answer {@code saslBindInProgress} the server's, until the exchange ends.
     */
    private LDAPMessage saslBind(int messageID, GenericSASLBindRequest request) {
        String mechanism = request.getSASLMechanismName();
        byte[] token = request.getCredentials() == null ? null : request.getCredentials().getValue();
        if (!"GSSAPI".equalsIgnoreCase(mechanism)) {
            sasl = null;
            return bindResult(messageID, ResultCode.AUTH_METHOD_NOT_SUPPORTED, "SASL mechanism " + mechanism + " is not offered");
        }
        if (!tls()) {
            sasl = null;
            return bindResult(messageID, ResultCode.CONFIDENTIALITY_REQUIRED, "SASL binds are accepted only under TLS: use StartTLS or LDAPS");
        }
        SaslStep step;
        if (sasl == null) {
            Optional<SaslExchange> exchange = authenticator.begin(mechanism, context());
            if (exchange.isEmpty()) {
                return bindResult(messageID, ResultCode.AUTH_METHOD_NOT_SUPPORTED, "SASL mechanism " + mechanism + " is not offered");
            }
            sasl = exchange.get();
            step = sasl.start(Optional.ofNullable(token));
        } else {
            step = sasl.step(token == null ? new byte[0] : token);
        }
        return switch (step) {
            case SaslStep.Challenge c -> new LDAPMessage(messageID, new BindResponseProtocolOp(
                    ResultCode.SASL_BIND_IN_PROGRESS_INT_VALUE, null, null, null, new ASN1OctetString(c.data())));
            case SaslStep.Success s -> {
                sasl = null;
                bound = Optional.of(s.user());
                yield bindResult(messageID, ResultCode.SUCCESS, null);
            }
            case SaslStep.Failure f -> {
                sasl = null;
                yield failure(messageID, f.reason());
            }
            case SaslStep.PeerServer p -> { // the context says users only (no servers()), so this is not expected
                sasl = null;
                yield bindResult(messageID, ResultCode.INVALID_CREDENTIALS, null);
            }
        };
    }

    private static LDAPMessage failure(int messageID, AuthFailure reason) {
        return switch (reason) {
            case THROTTLED -> bindResult(messageID, ResultCode.BUSY, "too many failed attempts; try later");
            case TEMPORARY -> bindResult(messageID, ResultCode.UNAVAILABLE, "the directory cannot check this now; try later");
            case ENCRYPTION_REQUIRED -> bindResult(messageID, ResultCode.CONFIDENTIALITY_REQUIRED, "TLS required");
            case MALFORMED -> bindResult(messageID, ResultCode.PROTOCOL_ERROR, "malformed credentials");
            default -> bindResult(messageID, ResultCode.INVALID_CREDENTIALS, null);
        };
    }

    @Override
    public LDAPMessage processSearchRequest(int messageID, SearchRequestProtocolOp request, List<Control> controls) {
        boolean rootDse = request.getBaseDN().isEmpty() && request.getScope() == com.unboundid.ldap.sdk.SearchScope.BASE;
        if (bound.isEmpty() && !rootDse) {
            return new LDAPMessage(messageID, new SearchResultDoneProtocolOp(ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE,
                    null, "bind first (simple bind under TLS)", null));
        }
        try {
            AddressBookSearch.Outcome outcome = search.run(request, entry -> send(messageID, entry));
            return new LDAPMessage(messageID, new SearchResultDoneProtocolOp(outcome.code().intValue(),
                    outcome.matchedDn(), outcome.message(), null));
        } catch (RuntimeException e) {
            LOG.warn("address book search failed: {}", e.toString());
            return new LDAPMessage(messageID, new SearchResultDoneProtocolOp(ResultCode.UNAVAILABLE_INT_VALUE,
                    null, "the directory cannot answer now; try later", null));
        }
    }

    private void send(int messageID, com.unboundid.ldap.sdk.Entry entry) {
        try {
            connection.sendSearchResultEntry(messageID, entry);
        } catch (LDAPException e) {
            throw new IllegalStateException("the client went away", e);
        }
    }

    @Override
    public LDAPMessage processAddRequest(int messageID, AddRequestProtocolOp request, List<Control> controls) {
        return new LDAPMessage(messageID, new AddResponseProtocolOp(ResultCode.UNWILLING_TO_PERFORM_INT_VALUE, null, READ_ONLY, null));
    }

    @Override
    public LDAPMessage processDeleteRequest(int messageID, DeleteRequestProtocolOp request, List<Control> controls) {
        return new LDAPMessage(messageID, new DeleteResponseProtocolOp(ResultCode.UNWILLING_TO_PERFORM_INT_VALUE, null, READ_ONLY, null));
    }

    @Override
    public LDAPMessage processModifyRequest(int messageID, ModifyRequestProtocolOp request, List<Control> controls) {
        return new LDAPMessage(messageID, new ModifyResponseProtocolOp(ResultCode.UNWILLING_TO_PERFORM_INT_VALUE, null, READ_ONLY, null));
    }

    @Override
    public LDAPMessage processModifyDNRequest(int messageID, ModifyDNRequestProtocolOp request, List<Control> controls) {
        return new LDAPMessage(messageID, new ModifyDNResponseProtocolOp(ResultCode.UNWILLING_TO_PERFORM_INT_VALUE, null, READ_ONLY, null));
    }

    @Override
    public LDAPMessage processCompareRequest(int messageID, CompareRequestProtocolOp request, List<Control> controls) {
        return new LDAPMessage(messageID, new CompareResponseProtocolOp(ResultCode.UNWILLING_TO_PERFORM_INT_VALUE, null,
                "compare is not offered; search instead", null));
    }

    @Override
    public LDAPMessage processExtendedRequest(int messageID, ExtendedRequestProtocolOp request, List<Control> controls) {
        // StartTLS never gets here (the SDK's StartTLSRequestHandler answers it); RFC 4511 section 4.12: an unknown name is protocolError.
        return new LDAPMessage(messageID, new ExtendedResponseProtocolOp(new ExtendedResult(messageID, ResultCode.PROTOCOL_ERROR,
                "extended operation " + request.getOID() + " is not supported", null, null, null, null, null)));
    }

    private static final String READ_ONLY = "the address book is read-only";

    private boolean tls() {
        return connection != null && connection.getSocket() instanceof SSLSocket;
    }

    private AuthContext context() {
        InetAddress peer = connection.getSocket().getInetAddress();
        return new AuthContext("ldap", peer, tls());
    }

    private static LDAPMessage bindResult(int messageID, ResultCode code, String message) {
        return new LDAPMessage(messageID, new BindResponseProtocolOp(new BindResult(messageID, code, message, null, null, null)));
    }
}
