/**
 * The zh-CN copy rule: full-width ：（） next to Chinese, never half-width. Checked on every catalog
 * template (filled with Chinese placeholder values, so a template like "{priority}: {reason}" is
 * caught) and on every rendered zh-CN block builder output kept in the golden copies. The end-to-end
 * half (what the running desk sends a Chinese user) is in test/e2e/zh-surfaces.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../src/i18n/index.ts';
import { halfWidthNextToCjk, punctuationProblems } from '../harness/zh-punctuation.ts';

describe('the punctuation check itself', () => {
  it.each([
    ['P1 紧急: 核心业务受阻', 1],
    ['*进度* (执行中)', 2],
    ['下一步: 联系客户', 1],
    ['P1 紧急：核心业务受阻（执行中）', 0],
    ['今天14:30起', 0],
    [':warning: 未保存', 0],
    ['<!date^1764900000^{date_short_pretty} {time}|2026-11-30 10:00 UTC>前联系', 0],
    ['<https://example.com/a|链接>：查看', 0],
    ['用 `/ticket mine (x)` 查找', 0],
    ['Due: today (P1)', 0],
  ])('%j has %d problems', (text, n) => {
    expect(halfWidthNextToCjk(text)).toHaveLength(n);
  });
});

describe('zh-CN catalog', () => {
  const filled = (template: string) => template.replace(/\{\w+\}/g, '某');
  it('every template, filled in, uses full-width punctuation next to Chinese', () => {
    const problems = Object.entries(catalogs['zh-CN']).flatMap(([key, template]) =>
      halfWidthNextToCjk(filled(template)).map((spot) => `${key}: …${spot}…`),
    );
    expect(problems).toEqual([]);
  });

  it('staff are addressed with 你, and quotes are “”', () => {
    const found = Object.entries(catalogs['zh-CN'])
      .filter(([, v]) => /您|「|」/.test(v) && !/customer|客户/.test(v))
      .map(([k]) => k);
    expect(found).toEqual([]);
  });
});

describe('rendered zh-CN surfaces (golden copies of the block builders)', () => {
  const dir = 'test/unit/__snapshots__';
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.snap'))
    .flatMap((f) => {
      const text = readFileSync(`${dir}/${f}`, 'utf8');
      return [...text.matchAll(/^exports\[`([^`]*\(zh-CN\)[^`]*)`\] = `([\s\S]*?)^`;$/gm)].map((m) => ({
        name: `${f} › ${m[1]}`,
        body: m[2] ?? '',
      }));
    });

  it('there are Chinese renderings to check', () => {
    expect(entries.length).toBeGreaterThan(5);
  });

  it.each(entries.map((e) => [e.name, e.body]))('%s', (_name, body) => {
    // The golden copy is pretty-printed: each "key": "value" string (newlines kept as they are).
    const strings = [...body.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] ?? '').replace(/\\"/g, '"'));
    expect(punctuationProblems(strings)).toEqual([]);
  });
});
