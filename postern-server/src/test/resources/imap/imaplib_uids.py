"""The Inbox's UIDVALIDITY and UIDs as imaplib sees them, in one session, for the UIDVALIDITY test.

usage: imaplib_uids.py PORT USER PASSWORD

LOGIN on 127.0.0.1:PORT and print "ready"; then, for each line read from standard input, SELECT
INBOX and FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)]), printing "UIDVALIDITY n" from the
SELECT's response code, one line "UID subject" per message in the order of their sequence
numbers, and "end". At the end of the input, LOGOUT.
"""
import imaplib
import re
import sys

from imaplib_common import context, ok

port, user, password = sys.argv[1:4]
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=context)
ok(m.login(user, password))
print("ready", flush=True)
for _ in sys.stdin:
    exists = int(ok(m.select("INBOX"))[0])
    typ, validity = m.response("UIDVALIDITY")
    print("UIDVALIDITY %s" % validity[0].decode("ascii"))
    if exists:
        for item in ok(m.fetch("1:*", "(UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])")):
            if isinstance(item, tuple):
                uid = re.search(rb"UID (\d+)", item[0]).group(1).decode("ascii")
                subject = item[1].decode("utf-8", "replace").strip()
                print("%s %s" % (uid, subject[len("Subject:"):].strip()))
    print("end", flush=True)
m.logout()
