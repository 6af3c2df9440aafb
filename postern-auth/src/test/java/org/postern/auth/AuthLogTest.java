package org.postern.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.auth.testing.FakeDirectory;
import org.slf4j.LoggerFactory;

/** What the authentication layer writes to the log: every attempt, never a password. */
class AuthLogTest {

    private static final String SECRET = "s3cret-Pa55";

    private final FakeDirectory directory = new FakeDirectory();
    private final FakeTime time = new FakeTime();
    private final AuthThrottle throttle = new AuthThrottle(AuthThrottleSettings.DEFAULTS, time, time);
    private final DirectoryAuthenticator auth = new DirectoryAuthenticator(directory, throttle);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Logger> loggers = List.of(
            (Logger) LoggerFactory.getLogger(AuthThrottle.class), (Logger) LoggerFactory.getLogger(CredentialCheck.class));
    private final List<Level> levels = new ArrayList<>();

    @BeforeEach
    void capture() {
        appender.start();
        for (Logger logger : loggers) {
            levels.add(logger.getLevel());
            logger.setLevel(Level.DEBUG);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
    }

    @AfterEach
    void release() {
        for (int i = 0; i < loggers.size(); i++) {
            Logger logger = loggers.get(i);
            logger.detachAppender(appender);
            logger.setLevel(levels.get(i));
            logger.setAdditive(true);
        }
    }

    @Test
    void attemptsAreLoggedWithoutPasswords() throws Exception {
        directory.add("alice@example.test", SECRET);
        AuthContext context = new AuthContext("submission", InetAddress.getByName("192.0.2.9"), true);

        for (int i = 0; i < 12; i++) {
            auth.begin("PLAIN", context).orElseThrow()
                    .start(Optional.of(("\0alice@example.test\0" + SECRET + i).getBytes(UTF_8)));
        }
        auth.login("alice@example.test", SECRET.toCharArray(), context);
        SaslExchange login = auth.begin("LOGIN", context).orElseThrow();
        login.start(Optional.of("bob@example.test".getBytes(UTF_8)));
        login.step(SECRET.getBytes(UTF_8));
        auth.begin("PLAIN", context).orElseThrow().start(Optional.of(("x\0" + SECRET).getBytes(UTF_8)));

        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("authentication failed", "192.0.2.9", "alice@example.test"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("cool-down", "alice@example.test"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("refused, cooling down"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).containsIgnoringCase(SECRET));
    }

    @Test
    void aLoginCannotForgeLogLines() throws Exception {
        AuthContext context = new AuthContext("imap", InetAddress.getByName("192.0.2.9"), true);

        auth.login("mallory\r\n12:00:00 INFO authenticated: user=root", "x".toCharArray(), context);

        assertThat(appender.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("\r", "\n"));
        assertThat(appender.list.getFirst().getFormattedMessage()).contains("mallory\\u000d\\u000a");
    }
}
