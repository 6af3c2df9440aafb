"""A SCRAM-SHA-256 client (RFC 5802, RFC 7677) for POP3 AUTH (RFC 5034), for ScramClientsTest.

The client's side is computed here from the RFC's formulas with Python's hashlib and hmac
(PBKDF2-HMAC-SHA-256, HMAC-SHA-256, SHA-256), none of the server's code. It connects to POP3
on 110, upgrades with STLS (RFC 2595), sends AUTH SCRAM-SHA-256 with the client-first-message
as initial response, and prints each server line it reads, prefixed with "S: ".

usage: scram_pop3_client.py MODE HOST PORT CAFILE USER PASSWORD
  MODE: n (no channel binding), y (client supports it, server does not), wrong-nonce
"""
import base64
import hashlib
import hmac
import os
import socket
import ssl
import sys

mode, host, port, cafile, user, password = sys.argv[1:7]


def read_line(f):
    line = f.readline().decode("ascii").rstrip("\r\n")
    print("S: " + line, flush=True)
    return line


def send(sock, line):
    print("C: " + line, flush=True)
    sock.sendall(line.encode("ascii") + b"\r\n")


def saslname(name):
    return name.replace("=", "=3D").replace(",", "=2C")


raw = socket.create_connection((host, int(port)), timeout=30)
f = raw.makefile("rb")
assert read_line(f).startswith("+OK")
send(raw, "STLS")
assert read_line(f).startswith("+OK")
context = ssl.create_default_context(cafile=cafile)
context.check_hostname = False  # the certificate names mail.example.test, we dial 127.0.0.1
sock = context.wrap_socket(raw)
f = sock.makefile("rb")

send(sock, "CAPA")
capa = []
while True:
    line = read_line(f)
    if line == ".":
        break
    capa.append(line)
assert any(l.startswith("SASL ") and "SCRAM-SHA-256" in l.split() for l in capa), capa

gs2_header = ("y,," if mode == "y" else "n,,").encode()
client_nonce = base64.b64encode(os.urandom(18)).decode()
first_bare = "n=" + saslname(user) + ",r=" + client_nonce
send(sock, "AUTH SCRAM-SHA-256 " + base64.b64encode(gs2_header + first_bare.encode()).decode())
line = read_line(f)
assert line.startswith("+ "), line
server_first = base64.b64decode(line[2:]).decode()
attrs = dict(a.split("=", 1) for a in server_first.split(","))
nonce, salt, iterations = attrs["r"], base64.b64decode(attrs["s"]), int(attrs["i"])
assert nonce.startswith(client_nonce) and len(nonce) > len(client_nonce)
print("iterations=%d" % iterations, flush=True)

if mode == "wrong-nonce":
    nonce = client_nonce + "forged"
salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
stored_key = hashlib.sha256(client_key).digest()
without_proof = "c=" + base64.b64encode(gs2_header).decode() + ",r=" + nonce
auth_message = (first_bare + "," + server_first + "," + without_proof).encode()
signature = hmac.new(stored_key, auth_message, hashlib.sha256).digest()
proof = bytes(a ^ b for a, b in zip(client_key, signature))
send(sock, base64.b64encode((without_proof + ",p=" + base64.b64encode(proof).decode()).encode()).decode())

line = read_line(f)
assert line.startswith("+ "), line
server_final = base64.b64decode(line[2:]).decode()
print("server-final=" + server_final, flush=True)
if server_final.startswith("v="):
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    expected = base64.b64encode(hmac.new(server_key, auth_message, hashlib.sha256).digest()).decode()
    print("server-signature " + ("verified" if hmac.compare_digest(expected, server_final[2:]) else "WRONG"), flush=True)
send(sock, "")
result = read_line(f)
if result.startswith("+OK"):
    send(sock, "STAT")
    read_line(f)
send(sock, "QUIT")
read_line(f)
