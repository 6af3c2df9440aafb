/**
 * SASL framing shared by SMTP AUTH (RFC 4954), IMAP AUTHENTICATE (RFC 3501 section 6.2.2,
 * RFC 4959) and POP3 AUTH (RFC 5034): strict base64 (RFC 4648), cancellation, and the
 * messages of PLAIN (RFC 4616), LOGIN, and the client's messages of SCRAM (RFC 5802). Mechanism
 * policy (which are offered, when) and credential checks are not here.
 */
package org.postern.protocols.sasl;
