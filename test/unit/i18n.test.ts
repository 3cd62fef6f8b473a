import { describe, expect, it } from 'vitest';
import { catalogs, langFromLocale, t } from '../../src/i18n/index.ts';

describe('message catalogs', () => {
  it('has every key in both languages, non-empty, with the same placeholders', () => {
    const en = Object.keys(catalogs.en).sort();
    const zh = Object.keys(catalogs['zh-CN']).sort();
    expect(zh).toEqual(en);
    for (const key of en) {
      const a = catalogs.en[key as keyof typeof catalogs.en];
      const b = catalogs['zh-CN'][key as keyof typeof catalogs.en];
      expect(a.trim(), key).not.toBe('');
      expect(b.trim(), key).not.toBe('');
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(b), key).toEqual(params(a));
    }
  });

  it('fills parameters and leaves unknown ones visible', () => {
    expect(t('en', 'help.unknown', { input: 'foo' })).toBe('I did not understand “foo”.');
    expect(t('zh-CN', 'help.unknown', {})).toContain('{input}');
  });

  it.each([
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['ja-JP', undefined],
    [undefined, undefined],
  ])('maps locale %s to %s', (locale, lang) => {
    expect(langFromLocale(locale)).toBe(lang);
  });
});
