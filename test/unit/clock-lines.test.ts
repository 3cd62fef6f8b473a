/** The clock lines of the card: red only when overdue, including a clock past due that no job has marked yet. */
import { describe, expect, it } from 'vitest';
import { clockBlocks } from '../../blocks/clocks.ts';
import { loadDeskConfig } from '../../src/config/desk-config.ts';
import type { ClockView, TicketView } from '../../src/domain/views.ts';
import { translator } from '../../src/i18n/index.ts';

const config = loadDeskConfig('config/example.yml');
const now = new Date('2026-11-24T06:00:00Z');
const clock = (o: Partial<ClockView>): ClockView => ({
  kind: 'plan',
  key: 'plan',
  dueAt: new Date('2026-11-24T08:00:00Z'),
  state: 'running',
  ...o,
});
const lines = (c: ClockView) =>
  JSON.stringify(clockBlocks(translator('en'), config, 'en', { clocks: [c] } as unknown as TicketView, now));

describe('clock lines', () => {
  it('a resolved card says how late a past-due clock is, without red', () => {
    const late = clock({ dueAt: new Date('2026-11-24T05:00:00Z') });
    const shown = JSON.stringify(
      clockBlocks(translator('en'), config, 'en', { clocks: [late] } as unknown as TicketView, now, true),
    );
    expect(shown).toContain('late by 1h');
    expect(shown).not.toContain('🔴');
  });

  it.each([
    ['running with time left', clock({}), '⏳', '2h left'],
    ['running, warned', clock({ warnedAt: now } as Partial<ClockView>), '🟠', '2h left'],
    [
      'running but past due (job not run yet)',
      clock({ dueAt: new Date('2026-11-24T05:00:00Z') }),
      '🔴',
      'overdue',
    ],
    ['breached', clock({ state: 'breached', dueAt: new Date('2026-11-24T05:00:00Z') }), '🔴', 'overdue'],
  ])('%s', (_name, c, icon, words) => {
    const shown = lines(c);
    expect(shown).toContain(icon);
    expect(shown).toContain(words);
    if (icon !== '🔴') expect(shown).not.toContain('🔴');
  });
});
