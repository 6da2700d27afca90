/** Components with threads of their own, started and stopped with the server. */
package org.siproute.server.lifecycle;
