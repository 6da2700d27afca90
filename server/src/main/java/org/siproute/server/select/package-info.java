/**
 * The routing use cases: Select (decide a checked call's plan) and Dial ({@code DialCall}: one
 * call's attempts handed out one at a time, what each result means, the call slots it holds;
 * {@code DialSessions}: how many at once, and the idle timer).
 */
package org.siproute.server.select;
