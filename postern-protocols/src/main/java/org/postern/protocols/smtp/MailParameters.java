package org.postern.protocols.smtp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The parameters of MAIL FROM (RFC 5321 section 4.1.2 Mail-parameters), each checked against
 * its RFC: SIZE (RFC 1870), BODY (RFC 6152, RFC 3030), SMTPUTF8 (RFC 6531), RET and ENVID
 * (RFC 3461), AUTH (RFC 4954 section 5).
 *
 * @param envId the ENVID, xtext-decoded
 * @param auth  the AUTH= mailbox, xtext-decoded; {@code <>} when the submitter is unknown
 */
public record MailParameters(OptionalLong size, Optional<BodyType> body, boolean smtpUtf8,
                             Optional<DsnReturn> ret, Optional<String> envId, Optional<String> auth) {

    public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), Optional.empty(), false,
            Optional.empty(), Optional.empty(), Optional.empty());

    public MailParameters {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(envId, "envId");
        Objects.requireNonNull(auth, "auth");
    }

    /** The parameters as they follow the path on a command line, each with its leading space. */
    public String toWire() {
        StringBuilder b = new StringBuilder();
        size.ifPresent(s -> b.append(" SIZE=").append(s));
        body.ifPresent(t -> b.append(" BODY=").append(t.keyword()));
        if (smtpUtf8) {
            b.append(" SMTPUTF8");
        }
        ret.ifPresent(r -> b.append(" RET=").append(r));
        envId.ifPresent(e -> b.append(" ENVID=").append(Xtext.encode(e)));
        auth.ifPresent(a -> b.append(" AUTH=").append(a.equals("<>") ? a : Xtext.encode(a)));
        return b.toString();
    }
}
