/**
 * The development PKI ({@code ./bridgeway certs-dev}, the tests' PKI): a root and an intermediate CA, the gateway's
 * server and audit-signing certificates, a client certificate per demo organisation, a CRL. It writes the folder
 * layout the gateway reads ({@link org.bridgeway.transport.PkiDirectory}) and issues to the gateway's
 * partner-certificate profile ({@link org.bridgeway.transport.PartnerCertificate}); it defines neither. Never a
 * production CA: nothing here ships in the gateway.
 */
package org.bridgeway.dev.pki;
