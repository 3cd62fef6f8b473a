/** The small Block Kit helpers every builder uses: limits by code point, escaping, dates, inputs. */
import { describe, expect, it } from 'vitest';
import { digestRefreshValue, parseDigestRefreshValue } from '../../blocks/digest.ts';
import {
  button,
  context,
  mrkdwn,
  option,
  plain,
  section,
  selectInput,
  textInput,
} from '../../blocks/elements.ts';
import { helpBlocks } from '../../blocks/help.ts';
import { INPUT_ACTION } from '../../blocks/ids.ts';
import { encodeMetadata } from '../../blocks/intake-modal.ts';
import {
  escapeMrkdwn,
  safeMrkdwn,
  slackDate,
  slackMarkupToText,
  slackTime,
  truncate,
  unescapeEntities,
  userText,
} from '../../blocks/text.ts';
import { translator } from '../../src/i18n/index.ts';

describe('text', () => {
  it.each([
    ['abc', 3, 'abc'],
    ['abcd', 3, 'ab…'],
    ['abcd', 4, 'abcd'],
    ['长文本很长', 3, '长文…'],
    ['😀😀😀😀', 3, '😀…'],
    ['😀😀😀😀', 2, '…'],
    ['😀😀😀😀', 8, '😀😀😀😀'],
    ['abc', 0, '…'],
    ['', 1, ''],
    ['hi <@U123ABC> there', 10, 'hi …'],
    ['hi <!date^1700000000^{date}|2023-11-14> x', 20, 'hi …'],
    ['a &amp; b', 4, 'a …'],
    ['a &amp; b', 8, 'a &amp;…'],
  ])(
    'truncate(%j, %i) = %j (UTF-16 units, ellipsis counted, no token, entity or pair cut)',
    (text, max, out) => {
      expect(truncate(text, max)).toBe(out);
    },
  );

  it('truncates with a custom ellipsis', () => {
    expect(truncate('abcdef', 5, '...')).toBe('ab...');
    expect(truncate('abcdef', 2, '...')).toBe('...');
  });

  it('escapes &, < and > (in that order: no double escaping)', () => {
    expect(escapeMrkdwn('<@U1> & <!channel> a>b')).toBe('&lt;@U1&gt; &amp; &lt;!channel&gt; a&gt;b');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
    expect(escapeMrkdwn('plain')).toBe('plain');
  });

  it('safeMrkdwn keeps tokens and entities and escapes stray markup; slackMarkupToText reads markup back', () => {
    expect(safeMrkdwn('/ticket show <number> by <@U1> & <https://x.test|x> &lt;')).toBe(
      '/ticket show &lt;number> by <@U1> &amp; <https://x.test|x> &lt;',
    );
    expect(safeMrkdwn(safeMrkdwn('a <b> & c'))).toBe(safeMrkdwn('a <b> & c'));
    expect(
      slackMarkupToText('&lt;b&gt; &amp; <@U1> <https://x.test|site> <mailto:a@b.c|a@b.c> <#C1|general>'),
    ).toBe('<b> & @U1 site (https://x.test) a@b.c #general');
    expect(unescapeEntities('&amp;lt;')).toBe('&lt;');
  });

  it('userText escapes, then cuts; missing text is empty', () => {
    expect(userText('<b>', 10)).toBe('&lt;b&gt;');
    expect(userText('<<<<', 5)).toBe('&lt;…');
    expect(userText(undefined, 5)).toBe('');
    expect(userText(null, 5)).toBe('');
  });

  it('formats dates for each reader, with a UTC fallback', () => {
    const d = new Date('2026-11-24T02:05:59.900Z');
    expect(slackDate(d, 'fallback')).toBe('<!date^1795485959^{date_short_pretty} {time}|fallback>');
    expect(slackDate(d, 'x', '{date}')).toBe('<!date^1795485959^{date}|x>');
    expect(slackTime(d)).toBe('<!date^1795485959^{date_short_pretty} {time}|2026-11-24 02:05 UTC>');
  });
});

describe('elements', () => {
  it('plain and mrkdwn text objects, cut to their limits', () => {
    expect(plain('Hi')).toEqual({ type: 'plain_text', text: 'Hi', emoji: true });
    expect(plain('x'.repeat(3001)).text).toHaveLength(3000);
    expect(plain('abcdef', 4).text).toBe('abc…');
    expect(mrkdwn('*b*')).toEqual({ type: 'mrkdwn', text: '*b*' });
    expect(mrkdwn('x'.repeat(3001)).text).toHaveLength(3000);
    expect(mrkdwn('abcdef', 4).text).toBe('abc…');
  });

  it('options, buttons, sections and contexts keep within Slack limits', () => {
    expect(option('v'.repeat(200), 'l'.repeat(100))).toEqual({
      value: 'v'.repeat(150),
      text: { type: 'plain_text', text: `${'l'.repeat(74)}…`, emoji: true },
    });
    expect(button('Claim', 'claim', 'GW1')).toEqual({
      type: 'button',
      text: { type: 'plain_text', text: 'Claim', emoji: true },
      action_id: 'claim',
      value: 'GW1',
    });
    expect(button('Go', 'a', 'v'.repeat(2100), 'danger')).toMatchObject({
      style: 'danger',
      value: 'v'.repeat(2000),
    });
    expect(button('b'.repeat(80), 'a', 'v').text.text).toHaveLength(75);
    expect(section('hello')).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'hello' } });
    const ctx = context(Array.from({ length: 12 }, (_, i) => `t${i}`)) as { elements: { text: string }[] };
    expect(ctx.elements.map((e) => e.text)).toEqual(Array.from({ length: 10 }, (_, i) => `t${i}`));
  });

  it('text inputs: required by default, limits applied, optional parts only when given', () => {
    expect(textInput({ blockId: 'b', label: 'Label' })).toEqual({
      type: 'input',
      block_id: 'b',
      optional: false,
      label: { type: 'plain_text', text: 'Label', emoji: true },
      element: { type: 'plain_text_input', action_id: INPUT_ACTION, multiline: false },
    });
    expect(
      textInput({
        blockId: 'b',
        label: 'L',
        optional: true,
        multiline: true,
        maxLength: 5000,
        initial: 'i'.repeat(4000),
        placeholder: 'p'.repeat(200),
        hint: 'H',
      }),
    ).toEqual({
      type: 'input',
      block_id: 'b',
      optional: true,
      label: { type: 'plain_text', text: 'L', emoji: true },
      hint: { type: 'plain_text', text: 'H', emoji: true },
      element: {
        type: 'plain_text_input',
        action_id: INPUT_ACTION,
        multiline: true,
        max_length: 3000,
        initial_value: `${'i'.repeat(2999)}…`,
        placeholder: { type: 'plain_text', text: `${'p'.repeat(149)}…`, emoji: true },
      },
    });
    const short = textInput({ blockId: 'b', label: 'L', maxLength: 10, initial: 'x'.repeat(20) });
    expect(short.element).toMatchObject({ max_length: 10, initial_value: `${'x'.repeat(9)}…` });
  });

  it('select inputs: at most 100 options, the initial one only when it is among them', () => {
    const options = Array.from({ length: 120 }, (_, i) => option(`v${i}`, `L${i}`));
    const sel = selectInput({ blockId: 's', label: 'S', options, initial: 'v3', placeholder: 'Pick' });
    expect(sel).toMatchObject({
      type: 'input',
      block_id: 's',
      optional: false,
      element: {
        type: 'static_select',
        action_id: INPUT_ACTION,
        initial_option: options[3],
        placeholder: { type: 'plain_text', text: 'Pick', emoji: true },
      },
    });
    expect((sel.element as { options: unknown[] }).options).toHaveLength(100);
    const none = selectInput({ blockId: 's', label: 'S', options, initial: 'v110', optional: true });
    expect(none.element).not.toHaveProperty('initial_option');
    expect(none.element).not.toHaveProperty('placeholder');
    expect(none.optional).toBe(true);
  });
});

describe('help and small values', () => {
  it('help lists the commands; what was not understood comes first', () => {
    const tr = translator('en');
    expect(helpBlocks(tr)).toEqual([
      { type: 'header', text: { type: 'plain_text', text: tr('help.title') } },
      { type: 'section', text: { type: 'mrkdwn', text: tr('help.body') } },
    ]);
    const withUnknown = helpBlocks(tr, 'frobnicate');
    expect(withUnknown).toHaveLength(3);
    expect(withUnknown[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'I did not understand “frobnicate”.' },
    });
    const long = helpBlocks(tr, 'x'.repeat(4000))[0] as { text: { text: string } };
    expect([...long.text.text]).toHaveLength(3000);
    expect(helpBlocks(tr, '')).toHaveLength(3);
  });

  it('the digest Refresh value names the scope and is read back; anything else is refused', () => {
    expect(digestRefreshValue({})).toBe('daily:org');
    expect(digestRefreshValue({ departmentId: 'tech' })).toBe('daily:tech');
    expect(parseDigestRefreshValue('daily:org')).toEqual({});
    expect(parseDigestRefreshValue('daily:after_sales2')).toEqual({ departmentId: 'after_sales2' });
    for (const bad of ['daily:', 'daily:Tech', 'weekly:tech', 'xdaily:tech', 'daily:tech;x', 'daily:1a'])
      expect(parseDigestRefreshValue(bad), bad).toBeNull();
  });

  it('modal metadata is JSON, or {} when over the 3000 characters Slack allows', () => {
    expect(JSON.parse(encodeMetadata({ channel: 'C1', ts: '1.2' }))).toEqual({ channel: 'C1', ts: '1.2' });
    const fits = { s: 'x'.repeat(3000 - '{"s":""}'.length) };
    expect(encodeMetadata(fits)).toBe(JSON.stringify(fits));
    expect(encodeMetadata({ s: `${fits.s}x` })).toBe('{}');
  });
});
