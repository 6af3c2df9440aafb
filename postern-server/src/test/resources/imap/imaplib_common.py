"""What the imaplib scripts of the IMAP tests share: the TLS context and the reply check.

The server's certificate is self-signed, so the context does not verify it. ok() ends the
script with a message when a command's answer is not OK, and returns the answer's data.
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
