/** Pure rules of tickets from conversations (🎫 reactions and mentions of the bot). */

/** The key that makes a message at most one ticket. */
export function conversationKey(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

/** The text of a mention without the bot's own mention(s). */
export function withoutMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  return text
    .replaceAll(`<@${botUserId}>`, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Whether a reaction (its name, with any skin tone) is the configured one. */
export function isTicketReaction(reaction: string, emoji: string): boolean {
  return reaction.split('::')[0] === emoji;
}

/**
 * The category a message most likely belongs to: the first table entry one of whose words the
 * text contains (case-insensitive), else the fallback.
 */
export function guessCategory(
  text: string,
  table: { words: string[]; category: string }[],
  fallback: string,
): string {
  const lower = text.toLowerCase();
  return table.find((e) => e.words.some((w) => lower.includes(w.toLowerCase())))?.category ?? fallback;
}
