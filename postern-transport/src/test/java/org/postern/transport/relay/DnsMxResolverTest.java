package org.postern.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.transport.delivery.DeliveryResult;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TXTRecord;

/** MX look-ups over real UDP against a {@link LocalDns} on loopback (RFC 5321 section 5.1, RFC 7505). */
class DnsMxResolverTest {

    LocalDns dns;
    DnsMxResolver resolver;

    static Name n(String s) throws Exception {
        return Name.fromString(s);
    }

    @BeforeEach
    void start() throws Exception {
        dns = new LocalDns()
                .add(new MXRecord(n("relay.test."), DClass.IN, 60, 20, n("mx2.relay.test.")))
                .add(new MXRecord(n("relay.test."), DClass.IN, 60, 10, n("mx1.relay.test.")))
                .add(new MXRecord(n("relay.test."), DClass.IN, 60, 30, n("gone.relay.test.")))
                .add(new ARecord(n("mx1.relay.test."), DClass.IN, 60, InetAddress.getByName("127.0.0.1")))
                .add(new AAAARecord(n("mx1.relay.test."), DClass.IN, 60, InetAddress.getByName("::1")))
                .add(new ARecord(n("mx2.relay.test."), DClass.IN, 60, InetAddress.getByName("127.0.0.2")))
                .add(new MXRecord(n("nullmx.test."), DClass.IN, 60, 0, Name.root))
                .add(new ARecord(n("implicit.test."), DClass.IN, 60, InetAddress.getByName("127.0.0.3")))
                .add(new TXTRecord(n("noaddress.test."), DClass.IN, 60, "v=spf1 -all"))
                .rcode("broken.test.", Rcode.SERVFAIL)
                .silent("slow.test.");
        // A timeout no answer of the local server misses on a busy machine; the silent one has its own.
        resolver = DnsMxResolver.forServers(List.of(dns.server()), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    @Test
    void exchangersComeByPreferenceWithTheirAddressesAndUnresolvableOnesAreLeftOut() throws Exception {
        var r = resolver.resolve("relay.test", 2525);
        assertThat(r).isInstanceOf(MxResolver.Exchangers.class);
        var hosts = ((MxResolver.Exchangers) r).hosts();
        assertThat(hosts).extracting(h -> h.hop().host()).containsExactly("mx1.relay.test", "mx2.relay.test");
        assertThat(hosts.getFirst().hop().port()).isEqualTo(2525);
        assertThat(hosts.getFirst().addresses()).containsExactly(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
        assertThat(hosts.get(1).addresses()).containsExactly(InetAddress.getByName("127.0.0.2"));
        assertThat(dns.queries.get()).as("MX, then A and AAAA for each of three targets").isEqualTo(7);
    }

    @Test
    void withoutMxTheDomainIsItsOwnExchanger() {
        var r = resolver.resolve("implicit.test", 25);
        assertThat(r).isInstanceOf(MxResolver.Exchangers.class);
        assertThat(((MxResolver.Exchangers) r).hosts()).singleElement().satisfies(h -> {
            assertThat(h.hop().host()).isEqualTo("implicit.test");
            assertThat(h.addresses()).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.3");
        });
    }

    @Test
    void nullMxAndNxdomainArePermanentServfailAndTimeoutsTemporary() throws Exception {
        assertThat(resolver.resolve("nullmx.test", 25)).isEqualTo(new MxResolver.Failure(DeliveryResult.Kind.PERMANENT,
                "556 5.1.10 Domain nullmx.test accepts no mail (null MX, RFC 7505)"));
        assertThat(resolver.resolve("nowhere.test", 25)).satisfies(f -> {
            assertThat(((MxResolver.Failure) f).kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
            assertThat(((MxResolver.Failure) f).reply()).startsWith("550 5.1.2 ").contains("NXDOMAIN");
        });
        assertThat(resolver.resolve("noaddress.test", 25)).satisfies(f -> {
            assertThat(((MxResolver.Failure) f).kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
            assertThat(((MxResolver.Failure) f).reply()).startsWith("550 5.1.2 ").contains("no MX and no address");
        });
        assertThat(resolver.resolve("broken.test", 25)).satisfies(f -> {
            assertThat(((MxResolver.Failure) f).kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY);
            assertThat(((MxResolver.Failure) f).reply()).startsWith("451 4.4.3 ").contains("SERVFAIL");
        });
        assertThat(DnsMxResolver.forServers(List.of(dns.server()), Duration.ofMillis(700)).resolve("slow.test", 25)).satisfies(f ->
                assertThat(((MxResolver.Failure) f).kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY));
    }

    @Test
    void serverAddressesParse() throws Exception {
        assertThat(DnsMxResolver.socketAddress("127.0.0.1").getPort()).isEqualTo(53);
        assertThat(DnsMxResolver.socketAddress("127.0.0.1:5353").getPort()).isEqualTo(5353);
        assertThat(DnsMxResolver.socketAddress("[::1]:5300").getAddress()).isEqualTo(InetAddress.getByName("::1"));
        assertThat(DnsMxResolver.socketAddress("::1").getPort()).isEqualTo(53);
    }
}
