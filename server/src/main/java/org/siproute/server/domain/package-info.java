/**
 * The vocabulary every other package shares, depending on nothing of siproute: the stored
 * resources as records, their enums, and the one refusal type ({@code ServiceException} with an
 * {@code ErrorCode}, field violations and metadata) that the edge maps to statuses.
 */
package org.siproute.server.domain;
