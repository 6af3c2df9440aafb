package org.postern.transport.relay;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * A tiny authoritative DNS server on a free loopback UDP port, built from dnsjava's message
 * classes: it answers from the records it was given, NXDOMAIN for names it has none for, and
 * a chosen RCODE (SERVFAIL…) or silence for names told so. Real DNS messages over a real UDP
 * exchange, so the resolver under test runs its whole path.
 */
final class LocalDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final List<Record> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<Name, Integer> rcodes = new ConcurrentHashMap<>();
    private final Map<Name, Boolean> silent = new ConcurrentHashMap<>();
    final AtomicInteger queries = new AtomicInteger();
    private final Thread thread;

    LocalDns() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = Thread.ofVirtual().name("local-dns").start(this::serve);
    }

    String server() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    LocalDns add(Record r) {
        records.add(r);
        return this;
    }

    LocalDns rcode(String name, int rcode) throws TextParseException {
        rcodes.put(Name.fromString(name), rcode);
        return this;
    }

    /** Never answers queries for this name (a resolver timeout). */
    LocalDns silent(String name) throws TextParseException {
        silent.put(Name.fromString(name), true);
        return this;
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                queries.incrementAndGet();
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                if (silent.containsKey(question.getName())) {
                    continue;
                }
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.AA);
                if (query.getHeader().getFlag(Flags.RD)) {
                    response.getHeader().setFlag(Flags.RD);
                }
                response.addRecord(question, Section.QUESTION);
                Integer rcode = rcodes.get(question.getName());
                if (rcode != null) {
                    response.getHeader().setRcode(rcode);
                } else {
                    List<Record> answers = new ArrayList<>();
                    boolean nameExists = false;
                    for (Record r : records) {
                        if (r.getName().equals(question.getName())) {
                            nameExists = true;
                            if (r.getType() == question.getType()) {
                                answers.add(r);
                            }
                        }
                    }
                    if (!nameExists) {
                        response.getHeader().setRcode(Rcode.NXDOMAIN);
                    }
                    answers.forEach(r -> response.addRecord(r, Section.ANSWER));
                }
                byte[] wire = response.toWire();
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
