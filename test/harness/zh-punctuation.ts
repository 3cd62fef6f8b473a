/**
 * Finds half-width `:` `(` `)` next to Chinese text in what the desk renders in zh-CN (the copy rule:
 * full-width ：（） in Chinese). Slack markup is taken out first, since it is not prose: mentions,
 * links and dates (`<…>`), emoji codes (`:warning:`), code spans (`/ticket mine`), URLs and times
 * (14:30).
 */

const CJK = '[\\u3400-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef]';
const PROBLEM = new RegExp(`${CJK}\\s*[:()]|[:()]\\s*${CJK}`, 'gu');

/** The text with Slack markup, URLs and times blanked out (replaced by a space). */
export function proseOf(text: string): string {
  return text
    .replace(/<[^<>\n]*>/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/:[a-z0-9_+-]+:/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\d{1,2}:\d{2}/g, ' ');
}

/** Each offending spot with a few characters around it, for a readable failure. */
export function halfWidthNextToCjk(text: string): string[] {
  const prose = proseOf(text);
  return [...prose.matchAll(PROBLEM)].map((m) => {
    const i = m.index ?? 0;
    return prose.slice(Math.max(0, i - 8), i + m[0].length + 8);
  });
}

/** Every string anywhere inside a value (a Block Kit payload, a view, an API call's arguments). */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    // Arguments sent form-encoded arrive as JSON strings (blocks, view): look inside them too.
    if (/^[[{]/.test(value)) {
      try {
        return stringsIn(JSON.parse(value), out);
      } catch {
        // not JSON: a plain string
      }
    }
    out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) stringsIn(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) stringsIn(v, out);
  }
  return out;
}

/** The offending spots in every Chinese string inside a value. */
export function punctuationProblems(value: unknown): string[] {
  return stringsIn(value)
    .filter((s) => new RegExp(CJK, 'u').test(s))
    .flatMap((s) => halfWidthNextToCjk(s).map((spot) => `…${spot}… in "${s.slice(0, 80)}"`));
}
