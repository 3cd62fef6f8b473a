/**
 * A customer's profile (in /ticket customer, above its history) and the supervisors' edit modal.
 * Contact details are masked unless `full`.
 */
import type { KnownBlock, View } from '@slack/types';
import type { DeskConfig } from '../src/config/desk-config.ts';
import { maskName, maskPhone } from '../src/domain/masking.ts';
import type { Lang, Translate } from '../src/i18n/index.ts';
import { button, mrkdwn, option, plain, selectInput, textInput } from './elements.ts';
import { ACTION, CALLBACK, CUSTOMER_FIELD as F } from './ids.ts';
import { userText } from './text.ts';

export interface CustomerProfile {
  customerId: string;
  name: string;
  contacts: { name: string; role: string; phones: string[]; email: string }[];
  industry: string;
  tier: string;
  preferredContact?: { method?: string | null; hours?: string | null } | null;
  tags: string[];
}

export function customerProfileBlocks(
  tr: Translate,
  config: DeskConfig,
  lang: Lang,
  c: CustomerProfile,
  o: { full: boolean; mayEdit: boolean },
): KnownBlock[] {
  const none = tr('customer.profile.none');
  const tier = config.customers.tiers.find((x) => x.id === c.tier)?.name[lang] ?? c.tier;
  const method =
    config.customers.contactMethods.find((m) => m.id === c.preferredContact?.method)?.name[lang] ?? none;
  const contacts =
    c.contacts
      .slice(0, 5)
      .map((p) => {
        const name = o.full ? p.name : maskName(p.name);
        const phones = p.phones.map((x) => (o.full ? x : maskPhone(x))).join(', ');
        return [name, p.role, phones].filter(Boolean).join(' · ');
      })
      .join('; ') || none;
  const text = tr('customer.profile', {
    name: userText(o.full ? c.name : maskName(c.name), 100),
    id: userText(c.customerId, 40),
    tier: userText(tier, 40),
    industry: userText(c.industry || none, 100),
    method: userText(method, 40),
    hours: userText(c.preferredContact?.hours ?? '', 60),
    contacts: userText(contacts, 1200),
    tags: userText(c.tags.join(', ') || none, 300),
  });
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(text) }];
  if (o.mayEdit)
    blocks.push({
      type: 'actions',
      elements: [button(tr('customer.edit'), ACTION.editCustomer, c.customerId)],
    });
  return blocks;
}

export function customerEditModal(tr: Translate, config: DeskConfig, lang: Lang, c: CustomerProfile): View {
  return {
    type: 'modal',
    callback_id: CALLBACK.customerEdit,
    title: plain(tr('customer.edit.title'), 24),
    submit: plain(tr('workflow.submit'), 24),
    close: plain(tr('intake.close'), 24),
    private_metadata: JSON.stringify({ customerId: c.customerId }),
    blocks: [
      { type: 'section', text: mrkdwn(`*${userText(c.customerId, 40)}*`) },
      textInput({ blockId: F.name, label: tr('intake.customerName'), maxLength: 100, initial: c.name }),
      textInput({
        blockId: F.industry,
        label: tr('intake.industry'),
        optional: true,
        maxLength: 100,
        initial: c.industry,
      }),
      selectInput({
        blockId: F.tier,
        label: tr('customer.tier'),
        options: config.customers.tiers.map((x) => option(x.id, x.name[lang])),
        initial: c.tier,
      }),
      selectInput({
        blockId: F.method,
        label: tr('intake.preferredContact'),
        optional: true,
        options: config.customers.contactMethods.map((m) => option(m.id, m.name[lang])),
        initial: c.preferredContact?.method ?? undefined,
      }),
      textInput({
        blockId: F.hours,
        label: tr('intake.preferredHours'),
        optional: true,
        maxLength: 60,
        initial: c.preferredContact?.hours ?? '',
      }),
      textInput({
        blockId: F.tags,
        label: tr('customer.tags'),
        optional: true,
        maxLength: 300,
        initial: c.tags.join(', '),
      }),
    ],
  };
}
