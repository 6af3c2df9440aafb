"""One message in and out of a user's Inbox over IMAPS with imaplib, octet for octet.

usage: one_message.py PORT USER PASSWORD append FILE
       one_message.py PORT USER PASSWORD fetch SUBJECT FILE

append: LOGIN on 127.0.0.1:PORT and APPEND of FILE's octets to INBOX; once the server's OK
came back, writes the APPENDUID response code's values (RFC 4315: UIDVALIDITY UID) to standard
output.
fetch: a read-only SELECT of INBOX, SEARCH of the messages whose subject contains SUBJECT; the
first one FETCHed whole (BODY.PEEK[]) into FILE as the octets the server sent. Exits with 3
when there is none (yet).
"""
import imaplib
import re
import sys

from imaplib_common import context, literal, ok

port, user, password, action = sys.argv[1:5]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=context)
ok(m.login(user, password))
if action == "append":
    with open(sys.argv[5], "rb") as f:
        answer = ok(m.append("INBOX", None, None, f.read()))
    found = re.search(rb"APPENDUID (\d+) (\d+)", answer[0] or b"")
    if not found:
        sys.exit("no APPENDUID in %r" % answer)
    sys.stdout.write("%s %s\n" % (found.group(1).decode(), found.group(2).decode()))
elif action == "fetch":
    subject, path = sys.argv[5:7]
    ok(m.select("INBOX", readonly=True))
    uids = ok(m.uid("SEARCH", None, "SUBJECT", '"%s"' % subject))[0].split()
    if not uids:
        m.logout()
        sys.exit(3)
    data = ok(m.uid("FETCH", uids[0], "(BODY.PEEK[])"))
    with open(path, "wb") as f:
        f.write(literal(data))
else:
    sys.exit("unknown action " + action)
m.logout()
