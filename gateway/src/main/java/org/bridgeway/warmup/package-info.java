/**
 * Warming a freshly started gateway: a rehearsal of the pipeline on synthetic notices, in a scratch gateway of its
 * own that nobody can reach, so that the JIT compiler has done its work before the first real notice arrives.
 */
package org.bridgeway.warmup;
