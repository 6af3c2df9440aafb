"""A user's Inbox read over IMAPS by imaplib, for the delivery tests.

usage: inbox.py PORT USER PASSWORD [SUBJECT]

LOGIN on 127.0.0.1:PORT, a read-only SELECT of INBOX, SEARCH for the messages whose subject
contains SUBJECT (all of them without it), and each of those FETCHed whole (RFC822), written
to standard output in UID order, each followed by a line "=====".
"""
import imaplib
import sys

from imaplib_common import context, literal, ok

port, user, password = sys.argv[1:4]
criteria = ["SUBJECT", '"%s"' % sys.argv[4]] if len(sys.argv) > 4 else ["ALL"]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=context)
ok(m.login(user, password))
ok(m.select("INBOX", readonly=True))
for uid in ok(m.uid("SEARCH", None, *criteria))[0].split():
    data = ok(m.uid("FETCH", uid, "(RFC822)"))
    sys.stdout.write(literal(data).decode("utf-8", "replace"))
    sys.stdout.write("\n=====\n")
m.logout()
