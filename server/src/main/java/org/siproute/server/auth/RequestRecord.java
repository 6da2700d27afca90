package org.siproute.server.auth;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The request_id a call carries (AIP-155), and how to store the answer under it: the write
 * stores it in its own transaction ({@link RequestIds#record}), so that a retry finds it
 * exactly when the work was committed.
 *
 * @param id the request_id, a UUID in lower case
 * @param fingerprint what a retry of the same request has too (a hash of the rpc, the caller
 *     and the request without its id); read when the answer is stored, since a streamed
 *     request is only known whole at its end
 * @param answer the answer to store for the work's result: the edge's wire form of it, as bytes
 */
public record RequestRecord(String id, Supplier<String> fingerprint, Function<Object, byte[]> answer) {}
