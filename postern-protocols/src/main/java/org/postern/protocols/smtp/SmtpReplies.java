package org.postern.protocols.smtp;

import java.util.List;
import java.util.Optional;

/**
 * The replies a Postern SMTP or LMTP server sends, with their enhanced status codes (RFC 3463,
 * and the IANA registry for codes added later: 5.7.8 and 5.7.9 by RFC 4954, 5.6.7 by RFC 6531,
 * 5.7.11 by RFC 4954). Texts are generic on purpose: details go to the log, not to the peer.
 * Replies that carry a name or an identifier are factory methods.
 */
public final class SmtpReplies {

    private SmtpReplies() {
    }

    // 2yz, 3yz -------------------------------------------------------------------------------

    /** RFC 5321 section 4.3.2, greeting (no enhanced status, RFC 2034 section 3). */
    public static SmtpReply greeting(String serverName, String protocol) {
        return SmtpReply.of(220, serverName + " " + protocol + " Postern ready");
    }

    public static final SmtpReply CLOSING = SmtpReply.of(221, "2.0.0", "Bye");
    public static final SmtpReply OK = SmtpReply.of(250, "2.0.0", "OK");
    /** RFC 3463 X.1.0: other address status (sender accepted). */
    public static final SmtpReply SENDER_OK = SmtpReply.of(250, "2.1.0", "Sender OK");
    /** RFC 3463 X.1.5: destination address valid. */
    public static final SmtpReply RECIPIENT_OK = SmtpReply.of(250, "2.1.5", "Recipient OK");
    public static final SmtpReply RESET_OK = SmtpReply.of(250, "2.0.0", "Reset OK");
    public static final SmtpReply NOOP_OK = SmtpReply.of(250, "2.0.0", "OK");

    /** After DATA, RFC 5321 section 4.3.2. */
    public static final SmtpReply START_MAIL_INPUT = SmtpReply.of(354, "End data with <CR><LF>.<CR><LF>");

    /** The message is durably queued (RFC 5321 section 6.1): only then is this sent. */
    public static SmtpReply messageAccepted(String queueId) {
        return SmtpReply.of(250, "2.0.0", "OK queued as " + queueId);
    }

    /** One BDAT chunk received, RFC 3030 section 2. */
    public static SmtpReply chunkReceived(long octets) {
        return SmtpReply.of(250, "2.0.0", octets + " octets received");
    }

    /** RFC 5321 section 3.5.3: VRFY answered without disclosing whether the user exists. */
    public static final SmtpReply CANNOT_VRFY = SmtpReply.of(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
    public static final SmtpReply HELP = SmtpReply.of(214, "2.0.0", "See RFC 5321");
    /** RFC 3207 section 4. */
    public static final SmtpReply READY_TO_START_TLS = SmtpReply.of(220, "2.0.0", "Ready to start TLS");
    /** RFC 4954 section 6. */
    public static final SmtpReply AUTH_SUCCEEDED = SmtpReply.of(235, "2.7.0", "Authentication successful");

    /** RFC 4954 section 4: a server challenge, base64 (may be empty). No enhanced status. */
    public static SmtpReply authChallenge(String base64) {
        return new SmtpReply(ReplyCode.of(334), Optional.empty(), List.of(base64));
    }

    // 4yz ------------------------------------------------------------------------------------

    /** Style rule 5: a timeout. */
    public static final SmtpReply TIMEOUT = SmtpReply.of(421, "4.4.2", "Timeout, closing connection");
    /** Style rule 5: a local error; the details are in the log. */
    public static final SmtpReply LOCAL_ERROR_CLOSING = SmtpReply.of(421, "4.3.0", "Local error, closing connection");
    public static final SmtpReply SHUTTING_DOWN = SmtpReply.of(421, "4.3.2", "Service shutting down, closing connection");
    /** The error budget of the session is spent. */
    public static final SmtpReply TOO_MANY_ERRORS = SmtpReply.of(421, "4.7.0", "Too many errors, closing connection");
    public static final SmtpReply LOCAL_ERROR = SmtpReply.of(451, "4.3.0", "Local error in processing, try again later");
    /** RFC 3463 X.4.3: the directory (an external LDAP server) does not answer now. */
    public static final SmtpReply DIRECTORY_UNAVAILABLE = SmtpReply.of(451, "4.4.3", "Directory server unavailable, try again later");
    /** RFC 5321 section 4.5.3.1.10. */
    public static final SmtpReply TOO_MANY_RECIPIENTS = SmtpReply.of(452, "4.5.3", "Too many recipients");
    public static final SmtpReply INSUFFICIENT_STORAGE = SmtpReply.of(452, "4.3.1", "Insufficient system storage");
    /** RFC 3207 section 4. */
    public static final SmtpReply TLS_NOT_AVAILABLE = SmtpReply.of(454, "4.7.0", "TLS not available due to temporary reason");
    /** RFC 4954 section 6. */
    public static final SmtpReply AUTH_TEMPORARY_FAILURE = SmtpReply.of(454, "4.7.0", "Temporary authentication failure");
    /** Throttled authentication (DESIGN: failed logins are throttled per source and account). */
    public static final SmtpReply AUTH_THROTTLED = SmtpReply.of(454, "4.7.0", "Too many authentication failures, try again later");

    // 5yz ------------------------------------------------------------------------------------

    /** RFC 3463 X.5.1: invalid command. */
    public static final SmtpReply UNKNOWN_COMMAND = SmtpReply.of(500, "5.5.1", "Command unrecognized");
    /** RFC 5321 section 4.5.3.1.4; RFC 3463 X.5.2: syntax error. */
    public static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, "5.5.2", "Line too long");
    public static final SmtpReply BARE_LINE_ENDING_IN_COMMAND = SmtpReply.of(500, "5.5.2", "Bare CR or LF not allowed, use CRLF");
    public static final SmtpReply BAD_CHARACTER = SmtpReply.of(500, "5.5.2", "Invalid character in command");
    /** 8-bit in a command that may not carry it, or UTF-8 that is not well-formed. */
    public static final SmtpReply EIGHT_BIT_NOT_ALLOWED = SmtpReply.of(500, "5.5.2", "8-bit characters not allowed in this command");
    /** RFC 3463 X.5.4: invalid command arguments. */
    public static final SmtpReply SYNTAX_ERROR_IN_PARAMETERS = SmtpReply.of(501, "5.5.4", "Syntax error in parameters or arguments");
    public static final SmtpReply NOT_IMPLEMENTED = SmtpReply.of(502, "5.5.1", "Command not implemented");
    /** RFC 5321 section 4.3.2 (503), RFC 3463 X.5.1. */
    public static final SmtpReply BAD_SEQUENCE = SmtpReply.of(503, "5.5.1", "Bad sequence of commands");
    public static final SmtpReply SEND_HELLO_FIRST = SmtpReply.of(503, "5.5.1", "Send EHLO first");
    public static final SmtpReply NESTED_MAIL = SmtpReply.of(503, "5.5.1", "Sender already specified");
    public static final SmtpReply NEED_MAIL = SmtpReply.of(503, "5.5.1", "Need MAIL command");
    public static final SmtpReply NEED_RCPT = SmtpReply.of(503, "5.5.1", "Need RCPT command");
    public static final SmtpReply ALREADY_TLS = SmtpReply.of(503, "5.5.1", "TLS already active");
    public static final SmtpReply ALREADY_AUTHENTICATED = SmtpReply.of(503, "5.5.1", "Already authenticated");
    /** RFC 2920 section 3.1: a command followed in the same group by more commands. */
    public static final SmtpReply IMPROPER_PIPELINING = SmtpReply.of(503, "5.5.1", "Improper use of pipelining");
    /** RFC 4954 section 4. */
    public static final SmtpReply UNKNOWN_AUTH_MECHANISM = SmtpReply.of(504, "5.5.4", "Unrecognized authentication mechanism");
    /** RFC 3207 section 4. */
    public static final SmtpReply MUST_ISSUE_STARTTLS = SmtpReply.of(530, "5.7.0", "Must issue a STARTTLS command first");
    /** RFC 4954 section 6. */
    public static final SmtpReply AUTH_REQUIRED = SmtpReply.of(530, "5.7.0", "Authentication required");
    /** RFC 4954 section 6: X.7.9. */
    public static final SmtpReply AUTH_MECHANISM_TOO_WEAK = SmtpReply.of(534, "5.7.9", "Authentication mechanism is too weak");
    /** RFC 4954 section 6: X.7.8. */
    public static final SmtpReply AUTH_INVALID_CREDENTIALS = SmtpReply.of(535, "5.7.8", "Authentication credentials invalid");
    /** RFC 4954 section 6: X.7.11. */
    public static final SmtpReply ENCRYPTION_REQUIRED_FOR_AUTH = SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism");
    /** RFC 4954 section 4: the client sent {@code *}. */
    public static final SmtpReply AUTH_CANCELLED = SmtpReply.of(501, "5.0.0", "Authentication cancelled");
    /** RFC 4954 section 4. */
    public static final SmtpReply AUTH_BAD_BASE64 = SmtpReply.of(501, "5.5.2", "Cannot decode base64 response");
    /** RFC 4954 section 4: X.5.6 authentication exchange line is too long. */
    public static final SmtpReply AUTH_LINE_TOO_LONG = SmtpReply.of(500, "5.5.6", "Authentication exchange line is too long");
    /** RFC 3463 X.1.1. */
    public static final SmtpReply NO_SUCH_USER = SmtpReply.of(550, "5.1.1", "Recipient address rejected: user unknown");
    /** No open relay (DESIGN.md). RFC 3463 X.7.1. */
    public static final SmtpReply RELAY_DENIED = SmtpReply.of(554, "5.7.1", "Relay access denied");
    /** An authenticated sender may only use its own addresses. */
    public static final SmtpReply SENDER_NOT_OWNED = SmtpReply.of(553, "5.7.1", "Sender address not owned by the authenticated user");
    /** RFC 1870 section 6.1, RFC 3463 X.3.4. */
    public static final SmtpReply MESSAGE_TOO_BIG = SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    public static final SmtpReply MAILBOX_FULL = SmtpReply.of(552, "5.2.2", "Mailbox full");
    /** RFC 3463 X.1.7: bad sender's mailbox address syntax. */
    public static final SmtpReply BAD_SENDER_SYNTAX = SmtpReply.of(553, "5.1.7", "Bad sender address syntax");
    /** RFC 3463 X.1.3: bad destination mailbox address syntax. */
    public static final SmtpReply BAD_RECIPIENT_SYNTAX = SmtpReply.of(553, "5.1.3", "Bad recipient address syntax");
    /** RFC 6531 section 3.5, IANA X.6.7: a non-ASCII address without SMTPUTF8. */
    public static final SmtpReply NON_ASCII_ADDRESS = SmtpReply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");
    /** RFC 2920 section 3.1: DATA after every RCPT failed. */
    public static final SmtpReply NO_VALID_RECIPIENTS = SmtpReply.of(554, "5.5.1", "No valid recipients");
    /** A bare CR or LF in a message body (the SMTP smuggling defence). */
    public static final SmtpReply BARE_LINE_ENDING = SmtpReply.of(554, "5.6.0", "Message refused: bare CR or LF, use CRLF");
    /** RFC 1869 section 6, RFC 5321 section 4.1.1.11: an unknown MAIL or RCPT parameter. */
    public static final SmtpReply UNKNOWN_PARAMETER = SmtpReply.of(555, "5.5.4", "Unsupported MAIL or RCPT parameter");
    /** RFC 3463 X.5.3: too many recipients / parameters. */
    public static final SmtpReply TOO_MANY_PARAMETERS = SmtpReply.of(501, "5.5.4", "Too many parameters");
}
