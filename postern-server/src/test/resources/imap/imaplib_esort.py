"""ESORT (RFC 5267 section 3) through Python's imaplib, driven by Imap4rev2ClientsTest.

usage: imaplib_esort.py HOST IMAPS_PORT USER PASSWORD OUT_JSON

Over implicit TLS: CAPABILITY, LOGIN, CREATE of a folder of its own ("Sorted") with three
messages whose subjects sort 3, 1, 2; then SORT and UID SORT with RETURN options sent as raw
commands, the plain SORT of RFC 5256 for comparison, and a RETURN option ESORT does not know.
The untagged answers are written to OUT_JSON for the Java test to judge. The certificate is
self-signed: not verified.
"""
import imaplib
import json
import sys

from imaplib_common import context, ok

host, port, user, password, out = sys.argv[1:6]


def answer(*command):
    for key in ("SORT", "ESEARCH"):
        m.untagged_responses.pop(key, None)
    try:
        typ, data = m._simple_command(*command)
        status = typ
    except imaplib.IMAP4.error as e:
        status = "BAD " + str(e)
    lines = []
    for key in ("SORT", "ESEARCH"):
        lines += [key + " " + line.decode("ascii") for line in m.untagged_responses.pop(key, [])]
    return {"status": status, "untagged": lines}


result = {}
m = imaplib.IMAP4_SSL(host, int(port), ssl_context=context, timeout=30)
result["capabilities"] = list(m.capabilities)
ok(m.login(user, password))
ok(m.create("Sorted"))
for subject in ("beta", "gamma", "alpha"):
    ok(m.append("Sorted", None, None, ("From: bob@example.test\r\nSubject: %s\r\n\r\nbody\r\n" % subject).encode("ascii")))
ok(m.select("Sorted"))
result["sort"] = answer("SORT", "(SUBJECT)", "UTF-8", "ALL")
result["esort"] = answer("SORT", "RETURN", "(MIN MAX ALL COUNT)", "(SUBJECT)", "UTF-8", "ALL")
result["uid_esort_empty"] = answer("UID", "SORT", "RETURN", "()", "(REVERSE SUBJECT)", "UTF-8", "ALL")
result["esort_none"] = answer("SORT", "RETURN", "(MIN COUNT)", "(SUBJECT)", "UTF-8", "SUBJECT", "nothing-like-this")
result["esort_unknown"] = answer("SORT", "RETURN", "(CONTEXT)", "(SUBJECT)", "UTF-8", "ALL")
m.logout()

with open(out, "w") as f:
    json.dump(result, f)
