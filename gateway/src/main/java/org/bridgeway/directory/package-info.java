/**
 * The council directory and the bank-holiday calendar: reference data under {@code policies/directory/}, validated
 * when the gateway starts. {@link org.bridgeway.directory.AuthorityDirectory} says how to reach each children's
 * services authority in office hours and out of hours (its emergency duty team), and which of the two is staffed at
 * a given moment; {@link org.bridgeway.directory.BankHolidayCalendar} and
 * {@link org.bridgeway.directory.WorkingDays} count working days as the regulations do (regulation 13's 5 and
 * regulation 14's 10). Placement notices use them for their contacts and timeliness; custody handovers and the
 * locator index will use them to find who answers now. The format: {@code docs/directory.md}.
 */
package org.bridgeway.directory;
