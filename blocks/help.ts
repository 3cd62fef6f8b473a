import type { KnownBlock } from '@slack/types';
import type { Translate } from '../src/i18n/index.ts';
import { mrkdwn } from './elements.ts';
import { escapeMrkdwn } from './text.ts';

/** The /ticket help, optionally preceded by what was not understood. */
export function helpBlocks(tr: Translate, unknownInput?: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (unknownInput !== undefined) {
    blocks.push({
      type: 'section',
      text: mrkdwn(tr('help.unknown', { input: escapeMrkdwn(unknownInput) })),
    });
  }
  blocks.push(
    { type: 'header', text: { type: 'plain_text', text: tr('help.title') } },
    { type: 'section', text: mrkdwn(tr('help.body')) },
  );
  return blocks;
}
