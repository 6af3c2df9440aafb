"""What RFC 9051 (IMAP4rev2) changed for a session, through Python's imaplib, driven by
Imap4rev2ClientsTest.

usage: imaplib_imap4rev2_removed.py HOST IMAPS_PORT USER PASSWORD OUT_JSON

Two sessions over implicit TLS on a folder of their own ("Rev2"). The first stays IMAP4rev1:
it creates the folder, appends three messages (the last with an RFC 2231 parameter continuation),
selects it (the three are recent to it) and searches RECENT, NEW and OLD. The second enables
IMAP4rev2 and sends the same keys (RFC 9051's search-key grammar has none of them), then a
flag change by the first session reaches it as an unsolicited FETCH (RFC 9051 section 7.5.2:
with the UID), and one of its own changes reaches the rev1 session (RFC 3501: no UID needed).
What the server said is written to OUT_JSON for the Java test to judge. The certificate is
self-signed: not verified.
"""
import imaplib
import json
import sys

from imaplib_common import context, ok

host, port, user, password, out = sys.argv[1:6]


def text(items):
    return [i.decode("utf-8") if isinstance(i, bytes) else repr(i) for i in items]


def answer(m, *command):
    """The tagged status of a raw command ("OK", or "BAD <text>"), and its untagged SEARCH/ESEARCH/SORT lines."""
    for key in ("SEARCH", "ESEARCH", "SORT"):
        m.untagged_responses.pop(key, None)
    try:
        typ, data = m._simple_command(*command)
        status = typ
    except imaplib.IMAP4.error as e:
        status = "BAD " + str(e)
    lines = []
    for key in ("SEARCH", "ESEARCH", "SORT"):
        lines += [key + " " + line for line in text(m.untagged_responses.pop(key, []))]
    return {"status": status, "untagged": lines}


def connect():
    m = imaplib.IMAP4_SSL(host, int(port), ssl_context=context, timeout=30)
    ok(m.login(user, password))
    return m


message = ("From: bob@example.test\r\nSubject: message %d\r\n\r\nbody %d\r\n")
continued = ("From: bob@example.test\r\nSubject: message 3\r\nMIME-Version: 1.0\r\n"
             "Content-Type: text/plain; charset=us-ascii;\r\n name*0=\"a-long-\";\r\n name*1=\"name.txt\"\r\n\r\nbody 3\r\n")

result = {}
rev1 = connect()
ok(rev1.create("Rev2"))
for n in (1, 2):
    ok(rev1.append("Rev2", None, None, (message % (n, n)).encode("ascii")))
ok(rev1.append("Rev2", None, None, continued.encode("ascii")))
ok(rev1.select("Rev2"))
result["rev1_recent"] = answer(rev1, "SEARCH", "RECENT")
result["rev1_new"] = answer(rev1, "SEARCH", "NEW")
result["rev1_old"] = answer(rev1, "SEARCH", "OLD")
data = ok(rev1.fetch("3", "(BODYSTRUCTURE)"))
result["bodystructure"] = text(data)

rev2 = connect()
ok(rev2.enable("IMAP4rev2"))
ok(rev2.select("Rev2"))
result["rev2_recent"] = answer(rev2, "SEARCH", "RECENT")
result["rev2_new"] = answer(rev2, "SEARCH", "NEW")
result["rev2_old"] = answer(rev2, "UID", "SEARCH", "RETURN", "(COUNT)", "NOT", "OLD")
result["rev2_sort_recent"] = answer(rev2, "SORT", "(ARRIVAL)", "UTF-8", "OR", "RECENT", "ALL")
result["rev2_after"] = answer(rev2, "SEARCH", "ALL")

# a change made by the other session, told to the rev2 one at its next command
ok(rev1.store("1", "+FLAGS", "(\\Flagged)"))
rev2.untagged_responses.pop("FETCH", None)
ok(rev2.noop())
result["rev2_unsolicited_fetch"] = text(rev2.untagged_responses.pop("FETCH", []))

ok(rev2.store("2", "+FLAGS.SILENT", "(\\Answered)"))
rev1.untagged_responses.pop("FETCH", None)
ok(rev1.noop())
result["rev1_unsolicited_fetch"] = text(rev1.untagged_responses.pop("FETCH", []))

rev2.logout()
rev1.logout()

with open(out, "w") as f:
    json.dump(result, f)
