package org.postern.auth;

import java.util.Objects;
import java.util.Optional;
import org.postern.auth.SaslStep.Failure;
import org.postern.protocols.sasl.SaslFormatException;

/**
 * What PLAIN and LOGIN share: the order of calls (start once, then steps until the exchange
 * ends), cancellation, and a malformed message ending the exchange as
 * {@link AuthFailure#MALFORMED}. Calling it out of order is a bug in the session and throws.
 */
abstract class PasswordExchange implements SaslExchange {

    private enum State { NEW, RUNNING, DONE }

    protected final CredentialCheck check;
    private State state = State.NEW;

    PasswordExchange(CredentialCheck check) {
        this.check = Objects.requireNonNull(check, "check");
    }

    /** The first step, with the initial response if any. */
    abstract SaslStep first(Optional<byte[]> initialResponse) throws SaslFormatException;

    /** A response to the last challenge. */
    abstract SaslStep next(byte[] response) throws SaslFormatException;

    @Override
    public final SaslStep start(Optional<byte[]> initialResponse) {
        Objects.requireNonNull(initialResponse, "initialResponse");
        if (state != State.NEW) {
            throw new IllegalStateException(mechanism() + " exchange already started");
        }
        state = State.RUNNING;
        return run(() -> first(initialResponse));
    }

    @Override
    public final SaslStep step(byte[] response) {
        Objects.requireNonNull(response, "response");
        if (state != State.RUNNING) {
            throw new IllegalStateException(mechanism() + " exchange is " + state);
        }
        return run(() -> next(response));
    }

    @Override
    public final SaslStep cancel() {
        state = State.DONE;
        return new Failure(AuthFailure.CANCELLED);
    }

    private interface Body {
        SaslStep run() throws SaslFormatException;
    }

    private SaslStep run(Body body) {
        SaslStep result;
        try {
            result = body.run();
        } catch (SaslFormatException e) {
            result = new Failure(AuthFailure.MALFORMED);
        }
        if (!(result instanceof SaslStep.Challenge)) {
            state = State.DONE;
        }
        return result;
    }
}
