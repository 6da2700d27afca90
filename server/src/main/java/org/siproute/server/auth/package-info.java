/**
 * Who may do what: API keys (their cache, so a call is authenticated without the database, and
 * their use cases), principals and roles, the {@code Caller} every use case takes, and the
 * audit trail (recording inside each write's transaction, and reading). How a key travels in a
 * call, and which rpc each role may call, is the edge's.
 */
package org.siproute.server.auth;
