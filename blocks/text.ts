/**
 * Text helpers for Block Kit: cut user text to Slack's limits (by code point, so Chinese and
 * emoji are never split) and escape mrkdwn control characters.
 */
export function truncate(text: string, max: number, ellipsis = '…'): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - ellipsis.length)).join('') + ellipsis;
}

/** Escapes &, < and > as Slack requires, so user text cannot form links or mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** User text for a mrkdwn field: escaped, then cut to `max` characters. */
export function userText(text: string | undefined | null, max: number): string {
  return truncate(escapeMrkdwn(text ?? ''), max);
}

/** Slack date formatting: each reader sees the time in their own time zone. */
export function slackDate(date: Date, fallback: string, format = '{date_short_pretty} {time}'): string {
  const epoch = Math.floor(date.getTime() / 1000);
  return `<!date^${epoch}^${format}|${fallback}>`;
}

/** A date-time every reader sees in their own time zone; older clients see it in UTC. */
export function slackTime(date: Date): string {
  return slackDate(date, `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
}
