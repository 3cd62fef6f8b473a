import { describe, expect, it } from 'vitest';
import { checkBlocks, checkMessage, checkView, LIMITS, type Surface } from './harness/block-kit.ts';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const x = (n: number) => 'x'.repeat(n);
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const button = (over: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'go',
  text: plain('Go'),
  ...over,
});
const option = (value: string, text = value) => ({ text: plain(text), value });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`v${i}`));
const input = (element: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  type: 'input',
  block_id: 'in',
  label: plain('Label'),
  element,
  ...over,
});
const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: plain('New ticket'),
  submit: plain('Create'),
  blocks: [input({ type: 'plain_text_input', action_id: 'v' })],
  ...over,
});

interface Case {
  name: string;
  blocks: unknown;
  surface?: Surface;
  /** substring expected in one violation; undefined = valid */
  error?: string;
}

const blockCases: Case[] = [
  { name: 'simple section', blocks: [section('hello')] },
  { name: 'not an array', blocks: { type: 'section' }, error: 'must be an array' },
  { name: '50 blocks in a message', blocks: Array.from({ length: 50 }, () => ({ type: 'divider' })) },
  {
    name: '51 blocks in a message',
    blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })),
    error: 'at most 50 blocks',
  },
  {
    name: '100 blocks in a modal',
    blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })),
    surface: 'modal',
  },
  {
    name: '101 blocks in home',
    blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })),
    surface: 'home',
    error: 'at most 100 blocks',
  },
  { name: 'unknown block type', blocks: [{ type: 'banner' }], error: 'unknown block type' },
  { name: 'section text 3000', blocks: [section(x(3000))] },
  { name: 'section text 3001', blocks: [section(x(3001))], error: 'at most 3000 characters' },
  { name: 'section text counts code points (CJK)', blocks: [section('工'.repeat(3000))] },
  { name: 'section text CJK 3001', blocks: [section('工'.repeat(3001))], error: 'at most 3000' },
  { name: 'section without text or fields', blocks: [{ type: 'section' }], error: 'needs text or fields' },
  { name: 'empty text', blocks: [section('')], error: 'non-empty string' },
  {
    name: 'bad text type',
    blocks: [{ type: 'section', text: { type: 'md', text: 'a' } }],
    error: 'plain_text or mrkdwn',
  },
  {
    name: 'emoji on mrkdwn',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a', emoji: true } }],
    error: 'emoji is only allowed on plain_text',
  },
  {
    name: 'emoji on plain_text',
    blocks: [{ type: 'section', text: { type: 'plain_text', text: 'a', emoji: true } }],
  },
  {
    name: '10 fields of 2000',
    blocks: [{ type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn(x(2000))) }],
    surface: 'modal', // 20 kB of JSON would pass the message size cap
  },
  {
    name: '11 fields',
    blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('a')) }],
    error: 'at most 10 items',
  },
  {
    name: 'field of 2001',
    blocks: [{ type: 'section', fields: [mrkdwn(x(2001))] }],
    error: 'at most 2000 characters',
  },
  { name: 'header 150', blocks: [{ type: 'header', text: plain(x(150)) }] },
  { name: 'header 151', blocks: [{ type: 'header', text: plain(x(151)) }], error: 'at most 150' },
  { name: 'header mrkdwn', blocks: [{ type: 'header', text: mrkdwn('a') }], error: 'must be plain_text' },
  {
    name: 'context 11 elements',
    blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('a')) }],
    error: 'at most 10 items',
  },
  {
    name: 'context with image',
    blocks: [
      {
        type: 'context',
        elements: [{ type: 'image', image_url: 'https://x.test/a.png', alt_text: 'a' }, mrkdwn('a')],
      },
    ],
  },
  {
    name: 'actions 25 elements',
    blocks: [
      { type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button({ action_id: `a${i}` })) },
    ],
  },
  {
    name: 'actions 26 elements',
    blocks: [
      { type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` })) },
    ],
    error: 'at most 25 items',
  },
  {
    name: 'duplicate action_id in a block',
    blocks: [{ type: 'actions', elements: [button(), button()] }],
    error: 'duplicate action_id',
  },
  {
    name: 'same action_id in two blocks is fine',
    blocks: [
      { type: 'actions', elements: [button()] },
      { type: 'actions', elements: [button()] },
    ],
  },
  {
    name: 'duplicate block_id',
    blocks: [
      { ...section('a'), block_id: 'b' },
      { ...section('b'), block_id: 'b' },
    ],
    error: 'duplicate block_id',
  },
  { name: 'block_id 256', blocks: [{ ...section('a'), block_id: x(256) }], error: 'at most 255' },
  {
    name: 'action_id 256',
    blocks: [{ type: 'actions', elements: [button({ action_id: x(256) })] }],
    error: 'at most 255',
  },
  {
    name: 'button text 76',
    blocks: [{ type: 'actions', elements: [button({ text: plain(x(76)) })] }],
    error: 'at most 75',
  },
  {
    name: 'button value 2001',
    blocks: [{ type: 'actions', elements: [button({ value: x(2001) })] }],
    error: 'at most 2000',
  },
  {
    name: 'button url 3001',
    blocks: [{ type: 'actions', elements: [button({ url: `https://${x(2993)}` })] }],
    error: 'at most 3000',
  },
  {
    name: 'button style',
    blocks: [{ type: 'actions', elements: [button({ style: 'secondary' })] }],
    error: 'primary or danger',
  },
  {
    name: 'select with 100 options',
    blocks: [
      { type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: options(100) }] },
    ],
  },
  {
    name: 'select with 101 options',
    blocks: [
      { type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: options(101) }] },
    ],
    error: 'at most 100 items',
  },
  {
    name: 'option text 76',
    blocks: [
      {
        type: 'actions',
        elements: [{ type: 'static_select', action_id: 's', options: [option('a', x(76))] }],
      },
    ],
    error: 'at most 75',
  },
  {
    name: 'option value 151',
    blocks: [
      { type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: [option(x(151))] }] },
    ],
    error: 'at most 150',
  },
  {
    name: 'initial_option not among options',
    blocks: [
      {
        type: 'actions',
        elements: [
          { type: 'static_select', action_id: 's', options: options(2), initial_option: option('zz') },
        ],
      },
    ],
    error: 'must match one of the options',
  },
  {
    name: 'option groups',
    blocks: [
      {
        type: 'actions',
        elements: [
          {
            type: 'static_select',
            action_id: 's',
            option_groups: [{ label: plain('G'), options: options(3) }],
          },
        ],
      },
    ],
  },
  {
    name: 'select placeholder 151',
    blocks: [
      {
        type: 'actions',
        elements: [{ type: 'users_select', action_id: 'u', placeholder: plain(x(151)) }],
      },
    ],
    error: 'at most 150',
  },
  {
    name: 'overflow with 6 options',
    blocks: [{ type: 'section', text: mrkdwn('a'), accessory: { type: 'overflow', options: options(6) } }],
    error: 'at most 5 items',
  },
  {
    name: 'input in a modal',
    blocks: [input({ type: 'plain_text_input', action_id: 'v', max_length: 3000 })],
    surface: 'modal',
  },
  {
    name: 'input without label',
    blocks: [{ type: 'input', element: { type: 'plain_text_input' } }],
    surface: 'modal',
    error: 'is required [json-pointer:/blocks/0/label]',
  },
  {
    name: 'input without element',
    blocks: [{ type: 'input', label: plain('L') }],
    surface: 'modal',
    error: 'is required [json-pointer:/blocks/0/element]',
  },
  {
    name: 'input label 2001',
    blocks: [input({ type: 'plain_text_input' }, { label: plain(x(2001)) })],
    surface: 'modal',
    error: 'at most 2000',
  },
  {
    name: 'input hint 2001',
    blocks: [input({ type: 'plain_text_input' }, { hint: plain(x(2001)) })],
    surface: 'modal',
    error: 'at most 2000',
  },
  {
    name: 'input placeholder 151',
    blocks: [input({ type: 'plain_text_input', placeholder: plain(x(151)) })],
    surface: 'modal',
    error: 'at most 150',
  },
  {
    name: 'plain_text_input max_length 3001',
    blocks: [input({ type: 'plain_text_input', max_length: 3001 })],
    surface: 'modal',
    error: 'from 1 to 3000',
  },
  {
    name: 'plain_text_input max_length 0',
    blocks: [input({ type: 'plain_text_input', max_length: 0 })],
    surface: 'modal',
    error: 'from 1 to 3000',
  },
  {
    name: 'button inside an input block',
    blocks: [input(button())],
    surface: 'modal',
    error: 'not allowed in an input block',
  },
  {
    name: 'checkboxes 11 options',
    blocks: [input({ type: 'checkboxes', options: options(11) })],
    surface: 'modal',
    error: 'at most 10 items',
  },
  {
    name: 'checkboxes with mrkdwn option text',
    blocks: [input({ type: 'checkboxes', options: [{ text: mrkdwn('*a*'), value: 'a' }] })],
    surface: 'modal',
  },
  {
    name: 'static select with mrkdwn option text',
    blocks: [input({ type: 'static_select', options: [{ text: mrkdwn('*a*'), value: 'a' }] })],
    surface: 'modal',
    error: 'must be plain_text',
  },
  {
    name: 'datepicker bad initial_date',
    blocks: [input({ type: 'datepicker', initial_date: '2024/01/01' })],
    surface: 'modal',
    error: 'YYYY-MM-DD',
  },
  {
    name: 'image without alt_text',
    blocks: [{ type: 'image', image_url: 'https://x.test/a.png' }],
    error: 'is required',
  },
  {
    name: 'markdown block in a modal',
    blocks: [{ type: 'markdown', text: 'a' }],
    surface: 'modal',
    error: 'only allowed in messages',
  },
  {
    name: 'rich_text',
    blocks: [{ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [] }] }],
  },
  {
    name: 'confirm title 101',
    blocks: [
      {
        type: 'actions',
        elements: [
          button({
            confirm: { title: plain(x(101)), text: plain('a'), confirm: plain('y'), deny: plain('n') },
          }),
        ],
      },
    ],
    error: 'at most 100',
  },
];

describe('checkBlocks', () => {
  it.each(blockCases)('$name', ({ blocks, surface, error }) => {
    const errors = checkBlocks(blocks, surface ?? 'message');
    if (error === undefined) expect(errors).toEqual([]);
    else
      expect(
        errors.some((e) => e.includes(error)),
        errors.join('\n'),
      ).toBe(true);
  });

  it('reports violations with a JSON pointer', () => {
    expect(checkBlocks([section('a'), section(x(3001))], 'message')).toEqual([
      'must be at most 3000 characters (got 3001) [json-pointer:/blocks/1/text/text]',
    ]);
  });

  it('applies the total block size cap to messages only', () => {
    const blocks = Array.from({ length: 5 }, () => section(x(2900)));
    const msgErrors = checkBlocks(blocks, 'message');
    expect(msgErrors).toHaveLength(1);
    expect(msgErrors[0]).toMatch(/^msg_blocks_too_long/);
    expect(checkBlocks(blocks, 'modal')).toEqual([]);
  });
});

describe('checkView', () => {
  const cases: { name: string; view: unknown; error?: string }[] = [
    { name: 'valid modal', view: modal() },
    { name: 'valid home', view: { type: 'home', blocks: [section('hi')] } },
    { name: 'not an object', view: 'modal', error: 'must be a view object' },
    { name: 'unknown type', view: { ...modal(), type: 'dialog' }, error: 'modal or home' },
    { name: 'title 24', view: modal({ title: plain(x(24)) }) },
    { name: 'title 25', view: modal({ title: plain(x(25)) }), error: 'at most 24' },
    {
      name: 'missing title',
      view: modal({ title: undefined }),
      error: 'is required [json-pointer:/view/title]',
    },
    { name: 'submit 25', view: modal({ submit: plain(x(25)) }), error: 'at most 24' },
    { name: 'close 25', view: modal({ close: plain(x(25)) }), error: 'at most 24' },
    { name: 'title mrkdwn', view: modal({ title: mrkdwn('a') }), error: 'must be plain_text' },
    {
      name: 'input without submit',
      view: modal({ submit: undefined }),
      error: 'required when the view has an input',
    },
    { name: 'no input, no submit', view: modal({ submit: undefined, blocks: [section('a')] }) },
    { name: 'private_metadata 3000', view: modal({ private_metadata: x(3000) }) },
    { name: 'private_metadata 3001', view: modal({ private_metadata: x(3001) }), error: 'at most 3000' },
    { name: 'callback_id 256', view: modal({ callback_id: x(256) }), error: 'at most 255' },
    {
      name: 'block errors are pointed inside the view',
      view: modal({ blocks: [section(x(3001))], submit: undefined }),
      error: '[json-pointer:/view/blocks/0/text/text]',
    },
    {
      name: 'view over 250 kB',
      view: modal({
        private_metadata: 'a',
        blocks: Array.from({ length: 100 }, () => section(`${'工'.repeat(900)}`)),
      }),
      error: 'bytes, more than 250000',
    },
  ];
  it.each(cases)('$name', ({ view, error }) => {
    const errors = checkView(view);
    if (error === undefined) expect(errors).toEqual([]);
    else
      expect(
        errors.some((e) => e.includes(error)),
        errors.join('\n'),
      ).toBe(true);
  });
});

describe('checkMessage', () => {
  const cases: { name: string; msg: Record<string, unknown>; requireContent?: boolean; error?: string }[] = [
    { name: 'text only', msg: { text: 'hi' } },
    { name: 'blocks only', msg: { blocks: [section('a')] } },
    { name: 'nothing', msg: {}, error: 'no_text' },
    { name: 'nothing on update', msg: {}, requireContent: false },
    { name: 'text 4000', msg: { text: x(4000) } },
    { name: 'text 4001', msg: { text: x(4001) }, error: 'msg_too_long' },
    {
      name: 'invalid blocks',
      msg: { text: 'a', blocks: [{ type: 'header', text: mrkdwn('a') }] },
      error: 'invalid_blocks',
    },
    {
      name: 'blocks over the size cap',
      msg: { text: 'a', blocks: Array.from({ length: 5 }, () => section(x(2900))) },
      error: 'msg_blocks_too_long',
    },
  ];
  it.each(cases)('$name', ({ msg, requireContent, error }) => {
    expect(checkMessage(msg, requireContent ?? true)?.error).toBe(error);
  });

  it('exposes the limits', () => {
    expect(LIMITS.blocks).toEqual({ message: 50, modal: 100, home: 100 });
    expect(LIMITS.messageBlocksJson).toBe(13_000);
  });
});
