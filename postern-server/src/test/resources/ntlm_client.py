"""NTLM against a running Postern with python3-ntlm-auth (Debian), for NtlmClientsTest.

usage: ntlm_client.py MODE HOST IMAPS_PORT SMTPS_PORT USER PASSWORD
  v2      NTLMv2 (compatibility level 3: a MIC, since the challenge carries MsvAvTimestamp) over IMAPS
  v1      NTLMv1 with extended session security (level 1) over IMAPS
  lm      LM and NTLMv1 without extended session security (level 0) over IMAPS
  replay  a NTLMv2 sign-in, then its AUTHENTICATE message sent again in a new session
  garbage malformed base64, a message that is not NTLM and a truncated AUTHENTICATE over IMAPS
          and SMTP (implicit TLS), then NOOP on each
Prints one line per step, "step: reply".
"""
import base64
import imaplib
import socket
import ssl
import sys
import traceback

from ntlm_auth.ntlm import NtlmContext

mode, host, imaps, smtps, user, password = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
tls = ssl.create_default_context()
tls.check_hostname = False
tls.verify_mode = ssl.CERT_NONE


def imap_sign_in(step, level, replay=None):
    """AUTHENTICATE NTLM through imaplib; returns the AUTHENTICATE message sent."""
    ntlm = NtlmContext(user, password, domain='', ntlm_compatibility=level)
    sent = []

    def answer(challenge):
        try:
            if not sent:
                token = ntlm.step()
            else:
                token = replay if replay is not None else ntlm.step(challenge)
        except Exception:
            traceback.print_exc()
            return None  # imaplib cancels with "*"
        sent.append(token)
        return token

    imap = imaplib.IMAP4_SSL(host, imaps, ssl_context=tls)
    try:
        typ, data = imap.authenticate('NTLM', answer)
        print(step + ': ' + typ + ' ' + data[0].decode())
        typ, data = imap.select('INBOX', readonly=True)
        print(step + ' select: ' + typ + ' ' + data[0].decode())
    except imaplib.IMAP4.error as e:
        print(step + ': NO ' + str(e))
    finally:
        try:
            imap.logout()
        except Exception:
            pass
    return sent[-1] if len(sent) > 1 else None


class Wire:
    """A line-at-a-time client over implicit TLS."""

    def __init__(self, port):
        self.sock = tls.wrap_socket(socket.create_connection((host, port), timeout=30))
        self.file = self.sock.makefile('rb')

    def send(self, line):
        self.sock.sendall(line.encode('ascii') + b'\r\n')

    def line(self):
        return self.file.readline().decode('ascii', 'replace').rstrip('\r\n')

    def smtp_reply(self):
        line = self.line()
        while len(line) > 3 and line[3] == '-':
            line = self.line()
        return line


def b64(data):
    return base64.b64encode(data).decode('ascii')


if mode == 'v2':
    imap_sign_in('v2', 3)
elif mode == 'v1':
    imap_sign_in('v1', 1)
elif mode == 'lm':
    imap_sign_in('lm', 0)
elif mode == 'replay':
    captured = imap_sign_in('first', 3)
    imap_sign_in('replayed', 3, replay=captured)
elif mode == 'garbage':
    imap = Wire(imaps)
    print('imap greeting: ' + imap.line())
    imap.send('g1 AUTHENTICATE NTLM')
    print('g1 continue: ' + imap.line())
    imap.send('###')
    print('g1 bad base64: ' + imap.line())
    imap.send('g2 AUTHENTICATE NTLM')
    imap.line()
    imap.send(b64(b'this is not an NTLM message'))
    print('g2 not ntlm: ' + imap.line())
    imap.send('g3 AUTHENTICATE NTLM')
    imap.line()
    ntlm = NtlmContext(user, password, domain='')
    imap.send(b64(ntlm.step()))
    challenge = imap.line()
    print('g3 challenge: ' + challenge[:2])
    full = ntlm.step(base64.b64decode(challenge[2:]))
    imap.send(b64(full[:60]))
    print('g3 truncated: ' + imap.line())
    imap.send('g4 NOOP')
    print('g4 noop: ' + imap.line())

    smtp = Wire(smtps)
    print('smtp greeting: ' + smtp.smtp_reply())
    smtp.send('EHLO client.example.test')
    smtp.smtp_reply()
    smtp.send('AUTH NTLM ###')
    print('smtp bad base64: ' + smtp.smtp_reply())
    smtp.send('AUTH NTLM ' + b64(b'\x00\x01garbage'))
    print('smtp not ntlm: ' + smtp.smtp_reply())
    smtp.send('AUTH NTLM ' + b64(b'NTLMSSP\x00\x03\x00\x00\x00'))
    print('smtp truncated: ' + smtp.smtp_reply())
    smtp.send('NOOP')
    print('smtp noop: ' + smtp.smtp_reply())
else:
    sys.exit('unknown mode ' + mode)
