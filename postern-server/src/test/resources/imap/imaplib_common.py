"""What the imaplib scripts of the IMAP tests share: the TLS context and the reply check.

The server's certificate is self-signed, so the context does not verify it. ok() ends the
script with a message when a command's answer is not OK, and returns the answer's data.
literal() takes the one literal out of a FETCH answer's data.
"""
import ssl
import sys

context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE


def ok(response):
    typ, data = response
    if typ != "OK":
        sys.exit("unexpected %s %r" % (typ, data))
    return data


def literal(data):
    """The literal of a FETCH answer for one message: imaplib hands back every FETCH response
    received since the last command that took them, and a server may send FETCH (FLAGS ...) of
    any message at any time (RFC 3501 section 7, RFC 9051 section 7), for example while another
    session or a delivery changes the mailbox; those come as plain bytes, the requested
    section as a (head, literal) pair."""
    parts = [part for part in data if isinstance(part, tuple)]
    if len(parts) != 1:
        sys.exit("expected one literal in the FETCH answer, got %r" % (data,))
    return parts[0][1]
