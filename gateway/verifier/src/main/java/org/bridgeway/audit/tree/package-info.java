/**
 * The Merkle tree of RFC 9162 as pure functions: leaf and node hashes, roots, inclusion and consistency proofs and
 * their verification, the compact range an append extends, and a cache of upper nodes.
 *
 * <p>Nodes come from a {@link org.bridgeway.audit.tree.NodeSource}; nothing here knows where they are stored, signs
 * anything, or does I/O.
 */
package org.bridgeway.audit.tree;
