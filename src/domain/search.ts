/**
 * Search tokens for /ticket search without $text (the test server has none, and MongoDB's text
 * search does not segment Chinese): Latin words and numbers lower-cased, CJK runs as single
 * characters and bigrams. Stored in an indexed array field; a query matches tickets holding all
 * of its tokens.
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function tokenize(text: string): string[] {
  const out = new Set<string>();
  const normalized = text.normalize('NFKC').toLowerCase();
  for (const run of normalized.match(
    /[\u3400-\u9fff\uf900-\ufaff]+|(?:(?![\u3400-\u9fff\uf900-\ufaff])[\p{L}\p{N}])+/gu,
  ) ?? []) {
    if (CJK.test(run[0] ?? '')) {
      const chars = Array.from(run);
      if (chars.length === 1) out.add(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
    } else if (run.length >= 2 || /\d/.test(run)) {
      out.add(run.slice(0, 40));
    }
  }
  return [...out];
}

/** Tokens of a query: CJK bigrams (a lone character stays single) and words. */
export function queryTokens(query: string): string[] {
  return tokenize(query).slice(0, 20);
}

export function ticketTokens(t: {
  number: string;
  description: string;
  keywords: string[];
  orderNumber?: string;
  customerId?: string;
  desiredOutcome?: string;
}): string[] {
  const all = new Set([
    t.number.toLowerCase(),
    ...tokenize(t.description),
    ...tokenize(t.desiredOutcome ?? ''),
    ...t.keywords.flatMap((k) => [k.toLowerCase(), ...tokenize(k)]),
  ]);
  if (t.orderNumber) all.add(t.orderNumber.toLowerCase());
  if (t.customerId) all.add(t.customerId.toLowerCase());
  return [...all].slice(0, 2000);
}
