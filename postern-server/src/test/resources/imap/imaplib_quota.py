"""IMAP QUOTA (RFC 9208) as Python's imaplib sees it: driven by QuotaTest.

usage: imaplib_quota.py HOST IMAPS_PORT USER PASSWORD UNLIMITED_USER UNLIMITED_PASSWORD OUT_JSON

USER has a storage limit of 20 KiB and an empty mailbox: GETQUOTAROOT and GETQUOTA show it, an
8 KiB APPEND fits, a 15 KiB one is refused with OVERQUOTA and stores nothing, a COPY that fits
is taken and the next is refused, a MOVE (no change in usage) is taken, SETQUOTA is refused;
STATUS DELETED-STORAGE counts the 8 KiB copy once it is flagged \Deleted.
UNLIMITED_USER has no limit: no quota root. Everything seen goes to OUT_JSON. The server's
certificate is self-signed: not verified.
"""
import imaplib
import json
import sys

from imaplib_common import context, ok

host, port, user, password, free_user, free_password, out = sys.argv[1:8]
result = {}


def session(name, secret):
    c = imaplib.IMAP4_SSL(host, int(port), ssl_context=context, timeout=30)
    ok(c.login(name, secret))
    return c


def text(data):
    return [d.decode() if isinstance(d, bytes) else repr(d) for d in data]


def message(subject, size):
    head = ("From: alice@example.test\r\nSubject: %s\r\n\r\n" % subject).encode()
    line = b"x" * 78 + b"\r\n"
    body = line * ((size - len(head)) // len(line))
    return head + body + b"y" * (size - len(head) - len(body))


c = session(user, password)
result["capabilities"] = list(c.capabilities)
typ, data = c.getquotaroot("INBOX")
result["getquotaroot_empty"] = [typ, [text(d) for d in data]]
typ, data = c.append("INBOX", None, None, message("fits", 8 * 1024))
result["append_fits"] = [typ, text(data)]
typ, data = c.getquota('""')
result["getquota_after_append"] = [typ, text(data)]
typ, data = c.append("INBOX", None, None, message("too big for the quota", 15 * 1024))
result["append_over"] = [typ, text(data)]
result["status_after_refusal"] = text(ok(c.status("INBOX", "(MESSAGES)")))
ok(c.select("INBOX"))
typ, data = c.copy("1", "Drafts")
result["copy_fits"] = [typ, text(data)]
typ, data = c.copy("1", "Drafts")
result["copy_over"] = [typ, text(data)]
typ, data = c._simple_command("MOVE", "1", '"Junk E-mail"')
result["move"] = [typ, text(data)]
typ, data = c.getquota('""')
result["getquota_after_copy"] = [typ, text(data)]
typ, data = c.getquotaroot('"Junk E-mail"')
result["getquotaroot_junk"] = [typ, [text(d) for d in data]]
typ, data = c._simple_command("SETQUOTA", '""', "(STORAGE 1000000)")
result["setquota"] = [typ, text(data)]
typ, data = c.getquota("other")
result["getquota_other"] = [typ, text(data)]
typ, data = c.getquotaroot("Nonexistent")
result["getquotaroot_nonexistent"] = [typ, text(data)]
ok(c.select("Drafts"))
ok(c.store("1", "+FLAGS", "(\\Deleted)"))
result["status_deleted_storage"] = text(ok(c.status("Drafts", "(DELETED DELETED-STORAGE)")))
c.logout()

f = session(free_user, free_password)
typ, data = f.getquotaroot("INBOX")
result["free_getquotaroot"] = [typ, [text(d) for d in data]]
typ, data = f.getquota('""')
result["free_getquota"] = [typ, text(data)]
f.logout()

with open(out, "w") as o:
    json.dump(result, o, indent=1)
