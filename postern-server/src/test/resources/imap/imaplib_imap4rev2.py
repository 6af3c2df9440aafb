"""IMAP4rev2 (RFC 9051) through Python's imaplib, driven by Imap4rev2ClientsTest.

usage: imaplib_imap4rev2.py HOST IMAPS_PORT USER PASSWORD OUT_JSON

Over implicit TLS: CAPABILITY, LOGIN, CREATE of a name in modified UTF-7, imaplib's enable()
of IMAP4rev2, then SELECT, SEARCH, UID SEARCH RETURN (SAVE) and UID FETCH of the saved result
with BINARY.PEEK and BINARY.SIZE, STATUS (SIZE DELETED), LIST in UTF-8 and LIST-EXTENDED's
RECURSIVEMATCH. What the server said is written to OUT_JSON (bytes as latin-1 text, binary
parts as hex) for the Java test to judge. The certificate is self-signed: not verified.
"""
import imaplib
import json
import sys

from imaplib_common import context, ok

host, port, user, password, out = sys.argv[1:6]


def text(items):
    return [i.decode("latin-1") if isinstance(i, bytes) else repr(i) for i in items]


result = {}
m = imaplib.IMAP4_SSL(host, int(port), ssl_context=context, timeout=30)
result["capabilities"] = list(m.capabilities)
ok(m.login(user, password))
ok(m.create("Caf&AOk-/Men&APw-"))
ok(m.unsubscribe("Caf&AOk-"))
ok(m.enable("IMAP4rev2"))
result["enabled"] = text(m.untagged_responses.pop("ENABLED", []))

typ, data = m.select("INBOX")
result["select"] = typ
result["select_untagged"] = sorted(m.untagged_responses.keys())
result["select_list"] = text(m.untagged_responses.get("LIST", []))

m.untagged_responses.clear()
result["search_classic"] = text(ok(m.search(None, "ALL")))
result["search_all"] = text(m.untagged_responses.pop("ESEARCH", []))

ok(m.uid("SEARCH", "RETURN", "(SAVE)", "SUBJECT", '"attachment"'))
result["search_save"] = text(m.untagged_responses.pop("ESEARCH", []))

data = ok(m.uid("FETCH", "$", "(BINARY.SIZE[2] BINARY.PEEK[2])"))
result["fetch_head"] = data[0][0].decode("latin-1")
result["fetch_binary_hex"] = data[0][1].hex()

data = ok(m.status("INBOX", "(MESSAGES SIZE DELETED)"))
result["status"] = text(data)

typ, data = m._simple_command("LIST", '""', "Caf*")
result["list_utf8"] = [line.decode("utf-8") for line in m.untagged_responses.pop("LIST", [])]

typ, data = m._simple_command("LIST", "(SUBSCRIBED RECURSIVEMATCH)", '""', "Caf%")
result["list_recursivematch"] = [line.decode("utf-8") for line in m.untagged_responses.pop("LIST", [])]
m.logout()

with open(out, "w") as f:
    json.dump(result, f)
