/** The knowledge base's pure rules (src/domain/kb.ts), table-driven. */
import { describe, expect, it } from 'vitest';
import {
  answerTokens,
  categoryGaps,
  checkAnswerForm,
  deflectionRate,
  fillReply,
  highlight,
  kbQueryTokens,
  parseKeywords,
  parseSteps,
  rankAnswers,
  scoreAnswer,
  stripCustomerDetails,
} from '../../src/domain/kb.ts';

const NOW = new Date('2026-11-24T00:00:00Z');
const answer = (o: Partial<Parameters<typeof scoreAnswer>[1]> = {}) => ({
  question: '',
  phrasings: [],
  body: '',
  steps: [],
  keywords: [],
  uses: 0,
  updatedAt: NOW,
  ...o,
});

describe('scoreAnswer', () => {
  it('weights fields: keywords > question > phrasings > body', () => {
    const q = 'printer';
    const kw = scoreAnswer(q, answer({ keywords: ['printer'] }), NOW).score;
    const qu = scoreAnswer(q, answer({ question: 'printer' }), NOW).score;
    const ph = scoreAnswer(q, answer({ phrasings: ['printer'] }), NOW).score;
    const bo = scoreAnswer(q, answer({ body: 'printer' }), NOW).score;
    expect(qu).toBeGreaterThan(ph);
    expect(ph).toBeGreaterThan(bo);
    expect(bo).toBeGreaterThan(0);
    expect(kw).toBeGreaterThan(qu);
  });

  it('ranks an exact keyword above a fuller partial match', () => {
    const q = 'warranty card lost';
    const exact = scoreAnswer(
      q,
      answer({ keywords: ['warranty'], question: 'How long is the warranty?' }),
      NOW,
    );
    const partial = scoreAnswer(q, answer({ question: 'Lost card replacement' }), NOW);
    expect(exact.exactKeywords).toEqual(['warranty']);
    expect(exact.score).toBeGreaterThan(partial.score);
  });

  it.each([
    ['优惠券无效', ['优惠券'], true],
    ['the coupons are gone', ['coupon'], false], // a Latin keyword matches whole words only
    ['coupon invalid', ['Coupon'], true],
  ])('exact keyword %s / %j → %s', (q, keywords, exact) => {
    expect(scoreAnswer(q, answer({ keywords }), NOW).exactKeywords.length > 0).toBe(exact);
  });

  it('matches Chinese by bigrams and scores coverage', () => {
    const full = scoreAnswer('扫码枪', answer({ question: '扫码枪无法识别' }), NOW);
    const half = scoreAnswer('扫码枪坏了', answer({ question: '扫码枪无法识别' }), NOW);
    expect(full.coverage).toBe(1);
    expect(half.coverage).toBeLessThan(1);
    expect(full.score).toBeGreaterThan(half.score);
  });

  it('prefers recent and used answers, all else equal', () => {
    const base = answer({ question: 'printer' });
    const old = scoreAnswer('printer', { ...base, updatedAt: new Date('2024-01-01T00:00:00Z') }, NOW).score;
    const fresh = scoreAnswer('printer', base, NOW).score;
    const used = scoreAnswer('printer', { ...base, uses: 50 }, NOW).score;
    expect(fresh).toBeGreaterThan(old);
    expect(used).toBeGreaterThan(fresh);
  });

  it('ignores stop words', () => {
    expect(kbQueryTokens('the printer is broken')).toEqual(['printer', 'broken']);
    expect(scoreAnswer('the', answer({ body: 'the' }), NOW).score).toBe(0);
  });
});

describe('rankAnswers', () => {
  it('puts published before drafts and never returns retired or unmatched answers', () => {
    const mk = (id: string, status: 'draft' | 'published' | 'retired', score: number) => ({
      answer: { id, status, uses: 0, updatedAt: NOW },
      scored: { score, exactKeywords: [], coverage: 1 },
    });
    const ranked = rankAnswers([
      mk('d', 'draft', 99),
      mk('p1', 'published', 1),
      mk('r', 'retired', 100),
      mk('p2', 'published', 5),
      mk('z', 'published', 0),
    ]);
    expect(ranked.map((r) => r.answer.id)).toEqual(['p2', 'p1', 'd']);
  });
});

describe('highlight', () => {
  it.each([
    [
      'Receipt printer prints blank pages',
      'printer blank',
      'Receipt \u200b*printer*\u200b prints \u200b*blank*\u200b pages',
    ],
    ['Receipt printer prints', 'receipt printer', '\u200b*Receipt printer*\u200b prints'],
    ['扫码枪无法识别条码', '扫码枪', '\u200b*扫码枪*\u200b无法识别条码'],
    ['a <b> & cat', 'cat', 'a &lt;b&gt; &amp; \u200b*cat*\u200b'],
    ['printers', 'printer', 'printers'],
    ['退款什么时候到账？', '退款', '\u200b*退款*\u200b什么时候到账？'],
  ])('%s / %s', (text, q, out) => {
    expect(highlight(text, q)).toBe(out);
  });

  it('cuts long text', () => {
    expect(Array.from(highlight('x'.repeat(500), 'nothing', 100))).toHaveLength(100);
  });
});

describe('stripCustomerDetails', () => {
  const c = {
    name: '王小明',
    phone: '13812345678',
    email: 'wang.xm@example.com',
    customerId: 'C20240501001',
    orderNumber: 'DD20240315001',
  };
  it.each([
    ['客户王小明反映', '客户[customer]反映'],
    ['王先生来电', '[customer]来电'],
    ['电话 138-1234-5678 或 +86 138 1234 5678', '电话 [phone] 或 [phone]'],
    ['mail wang.xm@example.com or other.person@corp.cn', 'mail [email] or [email]'],
    ['order DD20240315001 and DD20240401999', 'order [order] and [order]'],
    ['ID C20240501001', 'ID [customer ID]'],
    ['since 14:30 on 2024-03-15, 3 times', 'since 14:30 on 2024-03-15, 3 times'],
  ])('%s', (text, out) => {
    expect(stripCustomerDetails(text, c)).toBe(out);
  });

  it('strips Latin names as whole words', () => {
    expect(stripCustomerDetails('Li Lei called; Lily too', { name: 'Li Lei' })).toBe(
      '[customer] called; Lily too',
    );
    expect(stripCustomerDetails('Mr. Smith asked', { name: 'John Smith' })).toBe('Mr. [customer] asked');
  });
});

describe('fillReply and the form', () => {
  it('fills the four variables and leaves other braces', () => {
    expect(
      fillReply('{customer}您好 {number} {due} {owner} {other}', {
        customer: '李先生',
        number: 'GW1',
        due: 'D',
        owner: 'O',
      }),
    ).toBe('李先生您好 GW1 D O {other}');
  });

  it('parses keywords and steps', () => {
    expect(parseKeywords('支付, payment，支付、APP')).toEqual(['支付', 'payment', 'APP']);
    expect(parseSteps('1. one\n2、two\n- three\n\n')).toEqual(['one', 'two', 'three']);
  });

  it('validates the answer form', () => {
    const raw = {
      question: 'Printer blank?',
      phrasings: 'a\nb',
      body: 'Turn the paper roll over.',
      steps: '',
      category: 'functional_fault',
      keywords: 'printer',
      languages: ['en'],
      reviewDue: '',
    };
    const ok = checkAnswerForm(raw, ['functional_fault'], '2026-11-24');
    expect(ok).toMatchObject({ ok: true, value: { phrasings: ['a', 'b'], reviewDue: null } });
    const bad = checkAnswerForm(
      { ...raw, question: 'abc', body: 'short', category: 'nope', languages: [], reviewDue: '2026-11-24' },
      ['functional_fault'],
      '2026-11-24',
    );
    expect(bad).toEqual({
      ok: false,
      errors: { question: true, body: true, category: true, languages: true, reviewDue: true },
    });
  });

  it('gives an answer the tokens of every field', () => {
    const tokens = answerTokens({
      question: '优惠券',
      phrasings: ['coupon'],
      body: 'body',
      steps: ['step'],
      keywords: ['Gift Card'],
      categoryName: 'Consultation',
    });
    expect(tokens).toEqual(
      expect.arrayContaining([
        '优惠',
        '惠券',
        'coupon',
        'body',
        'step',
        'gift card',
        'gift',
        'card',
        'consultation',
      ]),
    );
  });
});

describe('reports', () => {
  it('lists categories with enough tickets and no published answer', () => {
    expect(
      categoryGaps({
        categories: [
          { categoryId: 'a', tickets: 5 },
          { categoryId: 'b', tickets: 9 },
          { categoryId: 'c', tickets: 2 },
          { categoryId: 'd', tickets: 7 },
        ],
        publishedByCategory: { d: 1 },
        minTickets: 3,
      }),
    ).toEqual([
      { categoryId: 'b', tickets: 9 },
      { categoryId: 'a', tickets: 5 },
    ]);
  });

  it.each([
    [0, 0, null],
    [1, 3, 0.25],
    [2, 0, 1],
  ])('deflection rate %i / %i', (d, o, r) => {
    expect(deflectionRate(d, o)).toBe(r);
  });
});
