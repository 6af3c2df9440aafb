"""Subscriptions through Python's imaplib, driven by ImapClientsTest.

usage: imaplib_subscriptions.py HOST IMAPS_PORT USER PASSWORD

First session: CREATE Lists/Weekly, UNSUBSCRIBE "Sent Items", UNSUBSCRIBE and SUBSCRIBE again
Lists/Weekly. Second session: LSUB and LIST (SUBSCRIBED), printed one response a line after
"LSUB:" and "LIST-SUBSCRIBED:". The certificate is self-signed: not verified.
"""
import imaplib
import sys

from imaplib_common import context, ok

host, port, user, password = sys.argv[1:5]


first = imaplib.IMAP4_SSL(host, int(port), ssl_context=context, timeout=30)
ok(first.login(user, password))
ok(first.create("Lists/Weekly"))
ok(first.unsubscribe('"Sent Items"'))
ok(first.unsubscribe("Lists/Weekly"))
ok(first.subscribe("Lists/Weekly"))
first.logout()

second = imaplib.IMAP4_SSL(host, int(port), ssl_context=context, timeout=30)
ok(second.login(user, password))
for line in ok(second.lsub('""', "*")):
    print("LSUB:", line.decode())
typ, data = second._simple_command("LIST", "(SUBSCRIBED)", '""', "*")
if typ != "OK":
    sys.exit("LIST (SUBSCRIBED) %s" % typ)
for line in second.untagged_responses.pop("LIST", []):
    print("LIST-SUBSCRIBED:", line.decode())
ok(second.delete("Lists/Weekly"))
ok(second.delete("Lists"))
ok(second.subscribe('"Sent Items"'))
second.logout()
