/** The settings: parsed from flags and the environment, checked, with their defaults. */
package org.siproute.server.config;
