/**
 * The ticket's subject (概述): one short line that says what the ticket is about, shown in card
 * headers, alerts, Home and digests. Asked for at intake; when left empty (or for tickets opened
 * before it existed, or from a conversation) it is derived from the description.
 */

/** At most this many characters (code points), as the procedures' 概述 asks. */
export const SUBJECT_MAX = 30;

/** Cuts to `max` code points, with an ellipsis when something was cut. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The first sentence or line of the description, whitespace collapsed, cut to SUBJECT_MAX.
 * A sentence ends at 。！？!? or a full stop followed by a space; ';' and '；' too.
 */
export function deriveSubject(description: string): string {
  const flat = description.replace(/\s+/g, ' ').trim();
  const firstLine = description.trim().split(/\r?\n/)[0]?.replace(/\s+/g, ' ').trim() ?? '';
  const source = firstLine || flat;
  const end = source.search(/[。！？；!?;]|\.(\s|$)/);
  const sentence = (end > 0 ? source.slice(0, end) : source).trim();
  return cut(sentence || flat, SUBJECT_MAX);
}

/** The subject to show: the one given at intake, else one derived from the description. */
export function subjectOf(t: { subject?: string | null; description: string }): string {
  const given = (t.subject ?? '').replace(/\s+/g, ' ').trim();
  return given ? cut(given, SUBJECT_MAX) : deriveSubject(t.description);
}
