package org.postern.protocols.smtp;

import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP and LMTP commands (RFC 5321 section 4.1.1, RFC 2033 section 4.1, RFC 3030 section 2,
 * RFC 3207 section 4, RFC 4954 section 4) as typed records. {@link #toLine()} is the wire form
 * without CRLF, as an SMTP client sends it; parsing it gives the same record back.
 */
public sealed interface SmtpCommand extends CommandParseResult {

    SmtpVerb verb();

    /** The command line without its CRLF. */
    String toLine();

    /**
     * EHLO (RFC 5321 section 4.1.1.1). The argument is kept as sent (one token of printable
     * ASCII); whether it is a valid Domain or address-literal is for the policy checks to judge
     * with {@link #isValidDomainOrAddressLiteral()}, as many real clients send a bare host name.
     */
    record Ehlo(String domainOrAddressLiteral) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.EHLO;
        }

        public String toLine() {
            return "EHLO " + domainOrAddressLiteral;
        }

        public boolean isValidDomainOrAddressLiteral() {
            return SmtpSyntax.isValidHelloArgument(domainOrAddressLiteral);
        }
    }

    /** HELO (RFC 5321 section 4.1.1.1): no extensions. */
    record Helo(String domainOrAddressLiteral) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.HELO;
        }

        public String toLine() {
            return "HELO " + domainOrAddressLiteral;
        }

        public boolean isValidDomainOrAddressLiteral() {
            return SmtpSyntax.isValidHelloArgument(domainOrAddressLiteral);
        }
    }

    /** LHLO (RFC 2033 section 4.1): LMTP's EHLO. */
    record Lhlo(String domainOrAddressLiteral) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.LHLO;
        }

        public String toLine() {
            return "LHLO " + domainOrAddressLiteral;
        }

        public boolean isValidDomainOrAddressLiteral() {
            return SmtpSyntax.isValidHelloArgument(domainOrAddressLiteral);
        }
    }

    /** MAIL FROM (RFC 5321 section 4.1.1.2). */
    record Mail(ReversePath reversePath, MailParameters params) implements SmtpCommand {
        public Mail {
            Objects.requireNonNull(reversePath, "reversePath");
            Objects.requireNonNull(params, "params");
        }

        public SmtpVerb verb() {
            return SmtpVerb.MAIL;
        }

        public String toLine() {
            return "MAIL FROM:" + reversePath.toPathString() + params.toWire();
        }
    }

    /** RCPT TO (RFC 5321 section 4.1.1.3). Source routes were dropped (section 4.1.2, C.). */
    record Rcpt(ForwardPath forwardPath, RcptParameters params) implements SmtpCommand {
        public Rcpt {
            Objects.requireNonNull(forwardPath, "forwardPath");
            Objects.requireNonNull(params, "params");
        }

        public SmtpVerb verb() {
            return SmtpVerb.RCPT;
        }

        public String toLine() {
            return "RCPT TO:" + forwardPath.toPathString() + params.toWire();
        }
    }

    /** DATA (RFC 5321 section 4.1.1.4). */
    record Data() implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.DATA;
        }

        public String toLine() {
            return "DATA";
        }
    }

    /** BDAT (RFC 3030 section 2): {@code size} octets follow the CRLF. */
    record Bdat(long size, boolean last) implements SmtpCommand {
        public Bdat {
            if (size < 0) {
                throw new IllegalArgumentException("negative chunk size");
            }
        }

        public SmtpVerb verb() {
            return SmtpVerb.BDAT;
        }

        public String toLine() {
            return "BDAT " + size + (last ? " LAST" : "");
        }
    }

    /** RSET (RFC 5321 section 4.1.1.5). */
    record Rset() implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.RSET;
        }

        public String toLine() {
            return "RSET";
        }
    }

    /** NOOP (RFC 5321 section 4.1.1.9); its argument is ignored. */
    record Noop() implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.NOOP;
        }

        public String toLine() {
            return "NOOP";
        }
    }

    /** QUIT (RFC 5321 section 4.1.1.10). */
    record Quit() implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.QUIT;
        }

        public String toLine() {
            return "QUIT";
        }
    }

    /** VRFY (RFC 5321 section 4.1.1.6; SMTPUTF8 parameter RFC 6531 section 3.7.4.2). */
    record Vrfy(String argument, boolean smtpUtf8) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.VRFY;
        }

        public String toLine() {
            return "VRFY " + argument + (smtpUtf8 ? " SMTPUTF8" : "");
        }
    }

    /** EXPN (RFC 5321 section 4.1.1.7; SMTPUTF8 parameter RFC 6531 section 3.7.4.2). */
    record Expn(String argument, boolean smtpUtf8) implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.EXPN;
        }

        public String toLine() {
            return "EXPN " + argument + (smtpUtf8 ? " SMTPUTF8" : "");
        }
    }

    /** HELP (RFC 5321 section 4.1.1.8). */
    record Help(Optional<String> topic) implements SmtpCommand {
        public Help {
            Objects.requireNonNull(topic, "topic");
        }

        public SmtpVerb verb() {
            return SmtpVerb.HELP;
        }

        public String toLine() {
            return topic.map(t -> "HELP " + t).orElse("HELP");
        }
    }

    /** STARTTLS (RFC 3207 section 4). */
    record StartTls() implements SmtpCommand {
        public SmtpVerb verb() {
            return SmtpVerb.STARTTLS;
        }

        public String toLine() {
            return "STARTTLS";
        }
    }

    /**
     * AUTH (RFC 4954 section 4).
     *
     * @param mechanism       upper-case SASL mechanism name (RFC 4422 section 3.1)
     * @param initialResponse the initial response as sent: base64, or {@code =} for an empty one;
     *                        decode it with {@link org.postern.protocols.sasl.SaslCodec}
     */
    record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {
        public Auth {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(initialResponse, "initialResponse");
        }

        public SmtpVerb verb() {
            return SmtpVerb.AUTH;
        }

        public String toLine() {
            return "AUTH " + mechanism + initialResponse.map(r -> " " + r).orElse("");
        }
    }
}
