"""Two IMAP servers on one store, seen through Python's imaplib: driven by PostgresStoreClientsTest.

usage: two_servers.py PORT_A PORT_B USER PASSWORD WAIT_SECONDS OUT_JSON

Session a (implicit TLS on 127.0.0.1:PORT_A) selects INBOX and IDLEs (RFC 2177, by hand: this
Python's imaplib has no idle()); session b on the other server (PORT_B) APPENDs a message. a's
first line while idling, and the seconds it took after the APPEND's OK, are recorded (the wait
bounded by WAIT_SECONDS). After DONE, b sets \\Flagged on the new message with UID STORE; a's
NOOP answer and a's own UID FETCH FLAGS of the message are recorded. Everything goes to
OUT_JSON for the Java test to judge. The certificate is self-signed: not verified.
"""
import imaplib
import json
import re
import sys
import time

from imaplib_common import context, ok

port_a, port_b, user, password, wait, out = sys.argv[1:7]
result = {}

a = imaplib.IMAP4_SSL("127.0.0.1", int(port_a), ssl_context=context, timeout=60)
ok(a.login(user, password))
result["a_exists_before"] = int(ok(a.select("INBOX"))[0])


def until_tagged(session, tag):
    """The lines the session reads up to and with its tagged answer."""
    lines = []
    while True:
        line = session.readline().decode().strip()
        lines.append(line)
        if line.startswith(tag + " "):
            return lines


tag = a._new_tag().decode()
a.send(("%s IDLE\r\n" % tag).encode())
result["idle_continuation"] = a.readline().decode().strip()

b = imaplib.IMAP4_SSL("127.0.0.1", int(port_b), ssl_context=context, timeout=60)
ok(b.login(user, password))
answer = ok(b.append("INBOX", None, None, b"Subject: across servers\r\n\r\nappended on the other server\r\n"))
appended = time.time()
found = re.search(rb"APPENDUID \d+ (\d+)", answer[0] or b"")
uid = found.group(1).decode() if found else None
result["appended_uid"] = uid

a.sock.settimeout(float(wait))
try:
    result["idle_untagged"] = a.readline().decode().strip()
except OSError as e:
    result["idle_untagged"] = "nothing within %s s: %r" % (wait, e)
result["idle_seconds"] = time.time() - appended
a.sock.settimeout(60)
a.send(b"DONE\r\n")
result["idle_done"] = until_tagged(a, tag)

ok(b.select("INBOX"))
result["b_store"] = [x.decode() if isinstance(x, bytes) else repr(x)
                     for x in ok(b.uid("STORE", uid, "+FLAGS", "(\\Flagged)"))]
b.logout()

tag = a._new_tag().decode()
a.send(("%s NOOP\r\n" % tag).encode())
result["a_noop"] = until_tagged(a, tag)
result["a_fetch_flags"] = [x.decode() if isinstance(x, bytes) else repr(x)
                           for x in ok(a.uid("FETCH", uid, "(FLAGS)"))]
a.logout()

with open(out, "w") as f:
    json.dump(result, f, indent=1)
