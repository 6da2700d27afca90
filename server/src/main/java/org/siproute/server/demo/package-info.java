/** The example data set of {@code --demo}, loaded through the admin use cases. */
package org.siproute.server.demo;
