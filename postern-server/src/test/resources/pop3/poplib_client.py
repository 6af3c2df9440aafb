"""A POP3 client on Python's poplib, driven by Pop3ClientsTest.

usage: poplib_client.py HOST PORT stls|ssl USER PASSWORD OUTDIR [DELE-NUMBER]

Connects (STLS on the plain port, or TLS from the first byte), logs in with USER/PASS,
writes CAPA, STAT, LIST and UIDL to OUTDIR/session.json, each message (RETR) to
OUTDIR/<n>.eml as the octets the server sent (lines rejoined with CRLF), marks one message
deleted if asked, and ends with QUIT. The server's certificate is self-signed: not verified.
"""
import json
import os
import poplib
import ssl
import sys

host, port, mode, user, password, outdir = sys.argv[1:7]
dele = int(sys.argv[7]) if len(sys.argv) > 7 else None
poplib._MAXLINE = 1 << 20  # the test message has a line longer than poplib's default 2048

context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE

if mode == "ssl":
    client = poplib.POP3_SSL(host, int(port), context=context, timeout=30)
else:
    client = poplib.POP3(host, int(port), timeout=30)
    before = client.capa()
    if "STLS" not in before:
        sys.exit("no STLS before TLS: %r" % before)
    if "USER" in before or "SASL" in before:
        sys.exit("credentials offered before TLS: %r" % before)
    client.stls(context=context)

capa = client.capa()
client.user(user)
client.pass_(password)
count, size = client.stat()
listing = [line.decode() for line in client.list()[1]]
uidl = [line.decode() for line in client.uidl()[1]]
for n in range(1, count + 1):
    lines = client.retr(n)[1]
    with open(os.path.join(outdir, "%d.eml" % n), "wb") as f:
        f.write(b"".join(line + b"\r\n" for line in lines))
if dele is not None:
    client.dele(dele)
quit_response = client.quit().decode()
with open(os.path.join(outdir, "session.json"), "w") as f:
    json.dump({"capa": sorted(capa), "stat": [count, size], "list": listing, "uidl": uidl,
               "quit": quit_response}, f)
print("ok")
