import { describe, expect, it } from 'vitest';
import { queryTokens, ticketTokens, tokenize } from '../../src/domain/search.ts';

describe('search tokens', () => {
  it('splits Chinese into bigrams even right after Latin letters', () => {
    const tokens = tokenize('用户在APP支付订单时提示优惠券无效');
    expect(tokens).toContain('app');
    for (const q of ['支付', '优惠', '惠券', '无效']) expect(tokens).toContain(q);
  });
  it('finds a ticket by every token of a query', () => {
    const t = ticketTokens({
      number: 'GW20261123001',
      description: 'Payment failed with coupon 优惠券',
      keywords: ['支付'],
    });
    for (const q of ['优惠券', 'payment', '支付', 'GW20261123001']) {
      expect(
        queryTokens(q).every((tok) => t.includes(tok)),
        q,
      ).toBe(true);
    }
  });
});
