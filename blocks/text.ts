/**
 * Text helpers for Block Kit. Lengths are UTF-16 units (JavaScript's `.length`), which is never less
 * than the code-point count, so a cut text fits whichever of the two Slack counts. A cut never splits
 * a surrogate pair, a `<@U…>` / `<#C…>` / `<!date…>` / `<http…>` token or an `&amp;` entity.
 * mrkdwn gets one escaping rule: user text is escaped whole (`escapeMrkdwn`); a built mrkdwn text
 * (catalog template + filled values) goes through `safeMrkdwn`, which keeps valid tokens and entities
 * and escapes every other `&` and `<`.
 */

/** Where to cut `text` so that at most `limit` UTF-16 units remain, backing off to a safe boundary. */
function safeCut(text: string, limit: number): number {
  let cut = Math.max(0, limit);
  if (cut >= text.length) return text.length;
  // Never between the two halves of a surrogate pair.
  const code = text.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut--;
  // Never inside a token `<…>` that is still open at the cut.
  const open = text.lastIndexOf('<', cut - 1);
  if (
    open !== -1 &&
    text.indexOf('>', open) >= cut &&
    /^<[@#!]|^<(?:https?|mailto|tel):/.test(text.slice(open, open + 8))
  )
    cut = open;
  // Never inside an entity `&amp;`, `&lt;`, `&gt;`.
  const amp = text.lastIndexOf('&', cut - 1);
  const entity = amp === -1 ? null : /^&(?:amp|lt|gt);/.exec(text.slice(amp, amp + 5));
  if (entity && amp + entity[0].length > cut) cut = amp;
  return cut;
}

/** Cuts `text` to at most `max` UTF-16 units, ending with `ellipsis` when cut. */
export function truncate(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  return text.slice(0, safeCut(text, max - ellipsis.length)) + ellipsis;
}

/** Escapes &, < and > as Slack requires, so user text cannot form links or mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Undoes `escapeMrkdwn` (Slack's three entities), for text shown as plain text or typed into a form. */
export function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const TOKEN =
  /<(?:@[UW][A-Z0-9]+(?:\|[^<>]*)?|#[CG][A-Z0-9]+(?:\|[^<>]*)?|!(?:here|channel|everyone)|!subteam\^[A-Z0-9]+(?:\|[^<>]*)?|!date\^-?\d+\^[^<>|]+(?:\^[^<>|]+)?\|[^<>]*|(?:https?|mailto|tel):[^<>|\s]+(?:\|[^<>]*)?)>|&(?:amp|lt|gt);/g;

/**
 * A built mrkdwn text made safe: valid mention, channel, date and link tokens and entities stay; any
 * other `<` or `&` (a catalog's `<number>`, a config name with `&`) is escaped. Idempotent.
 */
export function safeMrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    out += text.slice(last, m.index).replace(/&/g, '&amp;').replace(/</g, '&lt;') + m[0];
    last = m.index + m[0].length;
  }
  return out + text.slice(last).replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/**
 * Slack markup as readable text (a message shortcut's text typed into a form): `<@U1>` → `@U1`
 * (or the name from `names`), `<#C1|general>` → `#general`, `<url|label>` → `label (url)`,
 * `<url>` → `url`, `<!here>` → `@here`, `<!date^…|fallback>` → `fallback`, then the entities.
 */
export function slackMarkupToText(
  text: string,
  names: (id: string) => string | undefined = () => undefined,
): string {
  const plainText = text.replace(/<([^<>]*)>/g, (whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
    if (target.startsWith('@')) return `@${label ?? names(target.slice(1)) ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!subteam^')) return `@${label ?? target.slice(9)}`;
    if (target.startsWith('!date^')) return label ?? whole;
    if (target.startsWith('!')) return `@${target.slice(1)}`;
    if (/^(?:https?|mailto|tel):/.test(target)) {
      const shown = target.replace(/^(?:mailto|tel):/, '');
      return label && label !== shown ? `${label} (${shown})` : shown;
    }
    return whole;
  });
  return unescapeEntities(plainText);
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

/**
 * A mrkdwn text (a refusal with a mention, a link, *bold*) as plain text, for the places Slack shows
 * text verbatim: modal field errors, plain_text objects.
 */
export function mrkdwnToPlain(text: string): string {
  return slackMarkupToText(text).replace(/\*([^*\n]+)\*/g, '$1');
}

/** Field errors for `response_action: 'errors'`: plain text only (Slack shows markup raw there). */
export function plainErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, mrkdwnToPlain(v)]));
}
