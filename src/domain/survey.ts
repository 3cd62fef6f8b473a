/**
 * The follow-up call's outcome (issue 18), asked first in the survey: only a reached customer gives
 * a survey (satisfaction and "solved" required, the rest optional). Not reached is retried the next
 * working day up to `followUp.maxAttempts` calls; refused, wrong number, or the last unanswered call
 * end the follow-up without a survey: the ticket is closed, never reopened, and reports do not count
 * it (no survey is stored, so it is neither satisfied nor dissatisfied).
 */
export const CALL_OUTCOMES = ['reached', 'not_reached', 'refused', 'wrong_number'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type NoSurveyOutcome = Exclude<CallOutcome, 'reached'>;

export function isCallOutcome(v: string): v is CallOutcome {
  return (CALL_OUTCOMES as readonly string[]).includes(v);
}

/** After a call without a survey: call again, or end the follow-up (close without reopening). */
export function afterCall(outcome: NoSurveyOutcome, attempt: number, maxAttempts: number): 'retry' | 'end' {
  return outcome === 'not_reached' && attempt < maxAttempts ? 'retry' : 'end';
}

/** The once-only key of a recorded call: each unanswered attempt, or the call that ended the follow-up. */
export function callKey(
  resolvedAt: number,
  outcome: NoSurveyOutcome,
  attempt: number,
  maxAttempts: number,
): string {
  return afterCall(outcome, attempt, maxAttempts) === 'retry'
    ? `${resolvedAt}:${attempt}`
    : `${resolvedAt}:final`;
}
