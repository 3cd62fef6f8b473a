import { describe, expect, it } from 'vitest';
import { loadDeskConfig, parseDeskConfig } from '../../src/config/desk-config.ts';
import { ConfigError, loadEnv } from '../../src/config/env.ts';

describe('organisation config', () => {
  it('loads the complete example', () => {
    const c = loadDeskConfig('config/example.yml');
    expect(c.departments.map((d) => d.id)).toEqual(['tech', 'cs', 'aftersales', 'relations']);
    expect(c.serviceLevels.P1.responseHours).toBe(2);
    expect(c.calendar.makeupWorkdays).toContain('2026-09-27');
  });

  it('names file, key path and problem; unknown keys are errors', () => {
    const example = loadDeskConfig('config/example.yml');
    const bad = structuredClone(example) as unknown as Record<string, unknown>;
    (bad.departments as Record<string, unknown>[])[1]!.chanel = 'C1';
    (bad.categories as Record<string, unknown>[])[0]!.department = 'nowhere';
    let thrown: unknown;
    try {
      parseDeskConfig(bad, 'desk.yml');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const msg = (thrown as Error).message;
    expect(msg).toContain('Invalid organisation config desk.yml');
    expect(msg).toContain('departments[1].chanel: unknown key');
    expect(msg).toContain('categories[0].department: names department "nowhere"');
  });
});

describe('environment', () => {
  it('requires the signing secret in HTTP mode only', () => {
    expect(() => loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET is missing/);
    expect(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN).toBe('xapp-1');
  });
  it('explains invalid values with an example', () => {
    expect(() => loadEnv({ SLACK_BOT_TOKEN: 'bad', SLACK_SIGNING_SECRET: 's' })).toThrow(
      /SLACK_BOT_TOKEN must start with xoxb-.*Example/,
    );
  });
});
