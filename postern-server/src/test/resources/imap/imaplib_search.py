"""SEARCH through Python's imaplib, driven by ImapSearchTest.

usage: imaplib_search.py HOST IMAPS_PORT USER PASSWORD SEARCHES_JSON OUT_JSON

Over implicit TLS: LOGIN, SELECT INBOX, then each step of SEARCHES_JSON in order, a list of
objects: {"store": [UID, FLAGS]} (UID STORE +FLAGS), {"expunge": true} (EXPUNGE), {"create": NAME}
(CREATE), {"copy": [UIDS, NAME]} or {"move": [UIDS, NAME]} (UID COPY, UID MOVE), {"select": NAME}
(SELECT), or a search
{"name": N, "uid": true|false, "charset": "UTF-8"|null, "criteria": [ATOM, ...], "literal": TEXT|null}
sent as [UID] SEARCH [CHARSET cs] criteria..., with TEXT (UTF-8) as a synchronizing literal after
the last criterion. OUT_JSON gets {N: [number, ...]} for every search. The certificate is
self-signed: not verified.
"""
import imaplib
import json
import sys

from imaplib_common import context, ok

host, port, user, password, searches, out = sys.argv[1:7]


result = {}
m = imaplib.IMAP4_SSL(host, int(port), ssl_context=context, timeout=30)
ok(m.login(user, password))
ok(m.select("INBOX"))
with open(searches, encoding="utf-8") as f:
    steps = json.load(f)
for step in steps:
    if "store" in step:
        uid, flags = step["store"]
        ok(m.uid("STORE", str(uid), "+FLAGS", flags))
        continue
    if "expunge" in step:
        ok(m.expunge())
        continue
    if "create" in step:
        ok(m.create(step["create"]))
        continue
    if "copy" in step or "move" in step:
        uids, mailbox = step.get("copy") or step.get("move")
        ok(m.uid("COPY" if "copy" in step else "MOVE", uids, mailbox))
        continue
    if "select" in step:
        ok(m.select(step["select"]))
        continue
    args = []
    if step.get("charset"):
        args += ["CHARSET", step["charset"]]
    args += step["criteria"]
    if step.get("literal") is not None:
        m.literal = step["literal"].encode("utf-8")
    data = ok(m.uid("SEARCH", *args) if step.get("uid", True) else m.search(None, *args))
    result[step["name"]] = [int(n) for n in b" ".join(d for d in data if d).split()]
m.logout()
with open(out, "w", encoding="utf-8") as f:
    json.dump(result, f)
