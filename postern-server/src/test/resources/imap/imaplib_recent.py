"""Who sees \\Recent (RFC 3501 section 2.3.2): Python's imaplib sessions, driven by ImapRecentTest.

usage: imaplib_recent.py HOST IMAPS_PORT USER PASSWORD SMTP_PORT OUT_JSON

The Inbox holds two messages nobody selected yet. Sessions on the implicit-TLS port:
STATUS and EXAMINE see them recent without claiming them; the first SELECT (session a) claims
them; a second SELECT (session b) finds nothing recent. A message delivered by SMTP (smtplib to
the hub's port 25) is recent in the session that hears of it first (a, by NOOP), not in b; a
message b APPENDs is recent in b. An EXPUNGE of a recent message lowers a's RECENT count; a
re-SELECT in a keeps what a claimed, a SELECT of another folder gives it up; a new session's
SELECT gets nothing. Everything seen goes to
OUT_JSON. The server's certificate is self-signed: not verified.
"""
import imaplib
import json
import smtplib
import sys
import time

from imaplib_common import context, ok

host, port, user, password, smtp_port, out = sys.argv[1:7]
result = {}


def session():
    c = imaplib.IMAP4_SSL(host, int(port), ssl_context=context, timeout=30)
    ok(c.login(user, password))
    return c


def last(c, name):
    """The value of the last untagged response of that name since the last look, or None."""
    typ, data = c.response(name)
    values = [d for d in data if d is not None]
    return int(values[-1]) if values else None


def recent_search(c):
    return {key: ok(c.uid("SEARCH", None, key))[0].decode().split() for key in ("RECENT", "NEW", "OLD")}


def flags(c):
    return [line.decode() for line in ok(c.fetch("1:*", "(UID FLAGS)"))]


def select(c, readonly=False):
    exists = int(ok(c.select("INBOX", readonly=readonly))[0])
    return {"exists": exists, "recent": last(c, "RECENT")}


def status(c):
    return ok(c.status("INBOX", "(MESSAGES RECENT)"))[0].decode()


def noop_until(c, exists):
    """NOOP until the session is told of `exists` messages; returns the RECENT it was told.
    Up to 60 s: a delivery through the hub on a busy machine can take more than a few."""
    deadline = time.monotonic() + 60
    recent = None
    while time.monotonic() < deadline:
        ok(c.noop())
        seen = last(c, "EXISTS")
        told = last(c, "RECENT")
        if told is not None:
            recent = told
        if seen == exists:
            return recent
        time.sleep(0.2)
    sys.exit("no EXISTS %d within 60 s" % exists)


a = session()
b = session()
result["status_before"] = status(a)
result["examine_b"] = select(b, readonly=True)
result["examine_b_search"] = recent_search(b)
result["examine_b_flags"] = flags(b)
ok(b.close())
result["status_after_examine"] = status(a)

result["select_a"] = select(a)
result["select_a_search"] = recent_search(a)
result["select_a_flags"] = flags(a)
result["select_b"] = select(b)
result["select_b_search"] = recent_search(b)
result["select_b_flags"] = flags(b)
result["status_after_select"] = status(b)

with smtplib.SMTP(host, int(smtp_port), timeout=30) as smtp:
    smtp.sendmail("bob@elsewhere.example", [user],
                  b"From: bob@elsewhere.example\r\nTo: " + user.encode() + b"\r\nSubject: recent\r\n\r\nwho sees me first\r\n")
result["delivered_a_recent"] = noop_until(a, 3)
result["delivered_b_recent"] = noop_until(b, 3)
result["delivered_a_search"] = recent_search(a)
result["delivered_b_search"] = recent_search(b)

ok(b.append("INBOX", None, None, b"From: b@example.test\r\nSubject: appended\r\n\r\nby b\r\n"))
result["appended_b_recent"] = noop_until(b, 4)
result["appended_a_recent"] = noop_until(a, 4)
result["appended_b_search"] = recent_search(b)
result["appended_a_search"] = recent_search(a)

ok(a.store("1", "+FLAGS", "(\\Deleted)"))
a.response("RECENT")
ok(a.expunge())
result["expunge_a_recent"] = last(a, "RECENT")
result["reselect_a"] = select(a)
ok(a.select("Drafts"))
result["back_a"] = select(a)
c = session()
result["select_c"] = select(c)
result["status_c"] = status(c)
for s in (a, b, c):
    s.logout()
with open(out, "w") as f:
    json.dump(result, f, indent=1)
