/**
 * The HTTP API's endpoints, as the beans the routes of {@code routes/api/} call, and its boundary in one place each:
 * who is calling and whether they may ({@link org.bridgeway.api.ApiGuard}, before every REST route), a refusal that
 * ends the exchange where it is written ({@code ApiResponses.refuse}), and the answer to any failure behind an
 * endpoint, by what it means ({@link org.bridgeway.api.FailureAnswers}, a route policy on every REST route).
 *
 * <p>It must not decide, audit or deliver a notice itself (an endpoint hands the notice to the notice pipeline), nor
 * answer a failure or test for a refusal in a route: both are answered here, once.
 */
package org.bridgeway.api;
