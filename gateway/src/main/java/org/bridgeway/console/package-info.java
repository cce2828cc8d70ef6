/**
 * The console for people, served by the gateway on its own HTTPS listener: {@link org.bridgeway.console.ConsoleServer}
 * signs people in through the realm's OpenID provider ({@link org.bridgeway.console.OidcSignIn}: authorization code
 * with PKCE, state and nonce), keeps their session, and serves server-rendered pages
 * ({@link org.bridgeway.console.Pages}) of the views their role allows
 * ({@link org.bridgeway.console.ConsoleAuthorisation}) over their own organisation's data
 * ({@link org.bridgeway.console.Inbox}, {@link org.bridgeway.console.HandoverBoard}), kept current by server-sent
 * events ({@link org.bridgeway.console.ConsoleEvents}).
 *
 * <p>It must not: trust anything the browser says about who is signed in or what they may do, show a value except as
 * escaped text, put personal data in a URL, a page title, the browser's storage or a log line, or read another
 * organisation's mailbox.
 */
package org.bridgeway.console;
