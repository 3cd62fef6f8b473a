/**
 * Message catalogs and t(). Every user-facing string lives in en.ts and zh-CN.ts; a key present
 * in one language only fails the type-check (zh-CN is typed against en) and a unit test.
 */
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type Lang = 'en' | 'zh-CN';
export type MessageKey = keyof typeof en;
export type Params = Record<string, string | number | undefined>;

export const catalogs: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** Looks up a message and fills `{name}` placeholders; a missing param is left visible. */
export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  const template = catalogs[lang][key] ?? catalogs.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** A translator bound to one language, passed to block builders. */
export type Translate = (key: MessageKey, params?: Params) => string;
export const translator =
  (lang: Lang): Translate =>
  (key, params) =>
    t(lang, key, params);

/** Maps a Slack locale (en-US, zh-CN, zh-TW…) to a catalog language, or undefined. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  const l = locale.toLowerCase();
  if (l.startsWith('zh')) return 'zh-CN';
  if (l.startsWith('en')) return 'en';
  return undefined;
}

/** Picks the name in the given language from a config `{ en, zh-CN }` pair. */
export function localName(names: { en: string; 'zh-CN': string }, lang: Lang): string {
  return names[lang];
}
