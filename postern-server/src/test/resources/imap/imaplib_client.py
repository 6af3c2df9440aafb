"""An IMAP client on Python's imaplib, driven by ImapClientsTest.

usage: imaplib_client.py HOST PORT IMAPS_PORT USER PASSWORD OUTDIR SMTP_PORT

On the plain port: CAPABILITY must show STARTTLS and LOGINDISABLED and LOGIN must be refused;
then STARTTLS, LOGIN, SELECT INBOX, SEARCH, FETCH of every message's whole body (BODY.PEEK[])
written to OUTDIR/<uid>.eml as the octets the server sent, RFC822.SIZE, STORE, COPY to
"Sent Items", MOVE to "Deleted Items", EXPUNGE of a \\Deleted message, and IDLE woken by an
APPEND from a second session on the implicit-TLS port, then IDLE woken by a message
delivered by SMTP (smtplib to the hub's port 25), fetched to OUTDIR/delivered.eml. Each delay
is measured from the delivery's acknowledgement (the APPEND's OK, the 250 after DATA) to the
arrival of the untagged EXISTS at this host, as the kernel stamped its bytes (SO_TIMESTAMPNS,
read with MSG_PEEK by a thread waiting on the IDLE session meanwhile), so that a slow Python
thread does not count against the server; 0 when EXISTS came first. Start-up and connecting
are outside it. Everything
seen goes to OUTDIR/session.json. The server's certificate is self-signed: not verified.
"""
import imaplib
import json
import os
import re
import smtplib
import socket
import struct
import sys
import threading
import time

from imaplib_common import context, literal, ok

host, port, imaps_port, user, password, outdir, smtp_port = sys.argv[1:8]
result = {}


client = imaplib.IMAP4(host, int(port), timeout=30)
before = client.capabilities
result["caps_before_tls"] = list(before)
try:
    client.login(user, password)
    sys.exit("LOGIN accepted before STARTTLS")
except imaplib.IMAP4.error as e:
    result["login_before_tls"] = str(e)
client.starttls(ssl_context=context)
result["caps_after_tls"] = list(client.capabilities)
ok(client.login(user, password))
result["caps_after_login"] = list(ok(client.capability())[0].decode().split())

result["select"] = int(ok(client.select("INBOX"))[0])
result["search_all"] = ok(client.uid("SEARCH", None, "ALL"))[0].decode().split()
result["search_subject"] = ok(client.uid("SEARCH", None, "SUBJECT", '"byte for byte"'))[0].decode().split()
result["search_body"] = ok(client.uid("SEARCH", "CHARSET", "UTF-8", "BODY", '"needle"'))[0].decode().split()
sizes = {}
for uid in result["search_all"]:
    data = ok(client.uid("FETCH", uid, "(RFC822.SIZE BODY.PEEK[])"))
    head, body = data[0]
    sizes[uid] = int(re.search(rb"RFC822\.SIZE (\d+)", head).group(1))
    with open(os.path.join(outdir, "%s.eml" % uid), "wb") as f:
        f.write(body)
result["sizes"] = sizes
first = result["search_all"][0]
result["store"] = [x.decode() for x in ok(client.uid("STORE", first, "+FLAGS", "(\\Flagged $Label1)")) if x]
result["flags"] = ok(client.uid("FETCH", first, "(FLAGS)"))[0].decode()
result["copy"] = [x.decode() for x in ok(client.uid("COPY", first, '"Sent Items"')) if x]
result["copy_code"] = client.untagged_responses.get("COPYUID", [b""])[0].decode() if "COPYUID" in client.untagged_responses else None
typ, data = client.uid("MOVE", first, '"Deleted Items"')
result["move"] = [typ] + [x.decode() if isinstance(x, bytes) else str(x) for x in data if x]
ok(client.select("INBOX"))
remaining = ok(client.uid("SEARCH", None, "ALL"))[0].decode().split()
result["after_move"] = remaining
if remaining:
    ok(client.uid("STORE", remaining[0], "+FLAGS.SILENT", "(\\Deleted)"))
    result["expunge"] = [x.decode() for x in ok(client.expunge()) if x]
result["after_expunge"] = ok(client.uid("SEARCH", None, "ALL"))[0].decode().split()
result["status_sent"] = ok(client.status('"Sent Items"', "(MESSAGES UIDNEXT)"))[0].decode()
result["list"] = [x.decode() for x in ok(client.list())]


SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # 35 on Linux


def arrival(sock, timeout):
    """When the next bytes on sock's connection reached this host (the kernel's receive time,
    time.time()'s clock), without taking them: the TLS layer reads them afterwards."""
    with socket.socket(fileno=os.dup(sock.fileno())) as raw:
        raw.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        raw.settimeout(timeout)
        _, ancillary, _, _ = raw.recvmsg(1, socket.CMSG_SPACE(16), socket.MSG_PEEK)
        raw.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 0)
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
            seconds, nanos = struct.unpack("qq", data[:16])
            return seconds + nanos / 1e9
    raise AssertionError("the kernel gave no receive time")


def woken_by(deliver, timeout):
    """The IDLE session's next line while deliver() runs, and the seconds from deliver()'s
    return (the delivery acknowledged) to that line's arrival, 0 when it came first."""
    arrived = {}

    def wait():
        try:
            arrived["at"] = arrival(client.sock, timeout)
            arrived["line"] = client.readline().decode().strip()
        except OSError as e:
            arrived["line"] = "no untagged response: %r" % e
            arrived["at"] = time.time()

    client.sock.settimeout(timeout)
    waiting = threading.Thread(target=wait, daemon=True)
    waiting.start()
    deliver()
    acknowledged = time.time()
    waiting.join()
    return arrived["line"], max(0.0, arrived["at"] - acknowledged)


# IDLE (RFC 2177) by hand: imaplib of this Python has no idle().
tag = client._new_tag().decode()
client.send(("%s IDLE\r\n" % tag).encode())
cont = client.readline().decode().strip()
result["idle_continuation"] = cont
other = imaplib.IMAP4_SSL(host, int(imaps_port), ssl_context=context, timeout=30)
ok(other.login(user, password))
result["idle_untagged"], result["idle_delay"] = woken_by(
    lambda: ok(other.append("INBOX", None, None, b"Subject: woken\r\n\r\nwake up\r\n")), 10)
other.logout()
client.send(b"DONE\r\n")
while True:
    line = client.readline().decode().strip()
    if line.startswith(tag):
        result["idle_done"] = line
        break

# IDLE again, woken by a delivery through the hub: SMTP in, queue, categorizer, mailbox.
tag = client._new_tag().decode()
client.send(("%s IDLE\r\n" % tag).encode())
client.readline()
smtp = smtplib.SMTP(host, int(smtp_port), timeout=30)
result["smtp_idle_untagged"], result["smtp_idle_delay"] = woken_by(lambda: smtp.sendmail(
    "bob@elsewhere.example", [user],
    b"From: bob@elsewhere.example\r\nTo: " + user.encode() + b"\r\nSubject: via SMTP\r\n\r\ndelivered by the hub\r\n"), 30)
smtp.quit()
client.send(b"DONE\r\n")
while True:
    line = client.readline().decode().strip()
    if line.startswith(tag):
        break
uids = ok(client.uid("SEARCH", None, "SUBJECT", '"via SMTP"'))[0].decode().split()
result["smtp_uid"] = uids
data = ok(client.uid("FETCH", uids[0], "(BODY.PEEK[])"))
with open(os.path.join(outdir, "delivered.eml"), "wb") as f:
    f.write(literal(data))
client.logout()
with open(os.path.join(outdir, "session.json"), "w") as f:
    json.dump(result, f, indent=1)
