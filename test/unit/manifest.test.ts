import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CALLBACK } from '../../blocks/ids.ts';

describe('manifest.yml', () => {
  const manifest = parse(readFileSync('manifest.yml', 'utf8'));
  it('declares /ticket, the Create ticket shortcut, App Home and interactivity', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/ticket']);
    expect(manifest.features.shortcuts[0]).toMatchObject({
      type: 'message',
      callback_id: CALLBACK.createTicketShortcut,
    });
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
  });
  it('explains every scope with a comment', () => {
    const text = readFileSync('manifest.yml', 'utf8');
    const lines = text.split('\n');
    for (const scope of manifest.oauth_config.scopes.bot as string[]) {
      const i = lines.findIndex((l) => l.trim() === `- ${scope}`);
      expect(i, `scope line "- ${scope}"`).toBeGreaterThan(0);
      // The nearest line above that is not another scope is the comment explaining this one.
      let j = i - 1;
      while (j > 0 && /^\s*- [\w:.]+\s*$/.test(lines[j]!)) j--;
      expect(lines[j]!.trim(), scope).toMatch(/^# \S/);
    }
  });
});
