/**
 * Parses the text after /ticket into a subcommand. Free text opens the intake modal with that
 * text as the description; a lone word that is not a subcommand (or a near miss like "shwo")
 * is answered with the help and what was not understood.
 */
export const SUBCOMMANDS = ['help', 'show', 'mine', 'search', 'customer', 'export', 'kb'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export type ParsedCommand =
  | { kind: 'open'; description: string }
  | { kind: Subcommand; args: string[]; rest: string }
  | { kind: 'unknown'; input: string };

const ALIASES: Record<string, Subcommand> = {
  '?': 'help',
  帮助: 'help',
  查看: 'show',
  我的: 'mine',
  搜索: 'search',
  客户: 'customer',
  导出: 'export',
  知识库: 'kb',
};

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = Math.min(
        dp[i - 1]![j]! + 1,
        dp[i]![j - 1]! + 1,
        dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
  return dp[a.length]![b.length]!;
}

export function parseCommand(text: string): ParsedCommand {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'open', description: '' };
  const [first = '', ...args] = trimmed.split(/\s+/);
  const word = first.toLowerCase();
  const rest = trimmed.slice(first.length).trim();
  const sub = (SUBCOMMANDS as readonly string[]).includes(word) ? (word as Subcommand) : ALIASES[word];
  if (sub) return { kind: sub, args, rest };
  const nearMiss =
    word.length >= 3 && SUBCOMMANDS.some((s) => editDistance(word, s) <= (s.length > 4 ? 2 : 1));
  const loneWord = args.length === 0 && /^[a-z-]{1,20}$/i.test(first);
  if ((nearMiss && args.length <= 2) || loneWord) return { kind: 'unknown', input: trimmed.slice(0, 100) };
  return { kind: 'open', description: trimmed };
}
