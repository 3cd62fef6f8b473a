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

describe('clock defaults (issue 12)', () => {
  const example = () => loadDeskConfig('config/example.yml');
  const problems = (raw: unknown) => {
    try {
      parseDeskConfig(raw, 'desk.yml');
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('match the procedures', () => {
    const c = example();
    expect(c.requestTypes.find((r) => r.id === 'suggestion')?.defaultPriority).toBe('P3');
    expect(c.followUp.withinHours).toBe(24);
    expect(c.clocks.urgencyResponseMinutes).toEqual({ normal: 120, urgent: 30, critical: 10 });
    expect(c.clocks.customerContactMinutes).toBe(15);
    expect(c.clocks.emergencyConfirmMinutes).toBe(10);
    expect(c.clocks.planWorkingDays).toBe(1);
    expect(c.clocks.findingsMinutes).toBe(60);
    expect(c.clocks.progressSyncWorkingDays).toBe(2);
    const fault = c.categories.find((x) => x.id === 'functional_fault')!;
    expect([fault.defaultPriority, fault.responseHours, fault.resolutionHours]).toEqual([
      'P2',
      undefined,
      undefined,
    ]);
  });

  it('refuses a category labelled with one priority but the windows of a stricter one', () => {
    const bad = structuredClone(example());
    Object.assign(bad.categories[0]!, { defaultPriority: 'P2', responseHours: 2, resolutionHours: 24 });
    expect(problems(bad)).toContain('categories[0]: is labelled P2 but has P1 windows');
    const stricterResponseOnly = structuredClone(example());
    Object.assign(stricterResponseOnly.categories[0]!, { defaultPriority: 'P2', responseHours: 2 });
    expect(problems(stricterResponseOnly)).toBe('');
  });

  it('names unknown progress stages in planStages and pauseStages', () => {
    const bad = structuredClone(example());
    bad.clocks.pauseStages = ['waiting_third_party'];
    expect(problems(bad)).toContain('clocks.pauseStages[0]: names progress stage "waiting_third_party"');
  });
});

describe('conversations, assignment and escalation levels (issue 15)', () => {
  const example = () => loadDeskConfig('config/example.yml');
  const problems = (raw: unknown) => {
    try {
      parseDeskConfig(raw, 'desk.yml');
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };
  it('defaults: the form is offered, members claim, no escalation levels', () => {
    const c = example();
    expect(c.conversations.quickFromReaction).toBe(false);
    expect(c.departments.every((d) => d.assignment.policy === 'claim')).toBe(true);
    expect(c.escalationLevels).toEqual([]);
  });
  it('quickFromReaction needs a contact channel and a default category that exist', () => {
    const bad = structuredClone(example());
    bad.conversations.quickFromReaction = true;
    const msg = problems(bad);
    expect(msg).toContain('conversations.contactChannel: quickFromReaction needs a contactChannel');
    expect(msg).toContain('conversations.defaultCategory: quickFromReaction needs a defaultCategory');
    const good = structuredClone(example());
    Object.assign(good.conversations, {
      quickFromReaction: true,
      contactChannel: 'social',
      defaultCategory: 'consultation',
      keywords: [{ words: ['refund'], category: 'nowhere' }],
    });
    expect(problems(good)).toContain('conversations.keywords[0].category: names category "nowhere"');
  });
  it('refuses an unknown policy or escalation level', () => {
    const bad = structuredClone(example()) as unknown as {
      departments: { assignment: { policy: string } }[];
      escalationLevels: unknown[];
    };
    bad.departments[0]!.assignment.policy = 'random';
    bad.escalationLevels = [{ share: 0.5, level: 'ceo' }];
    const msg = problems(bad);
    expect(msg).toContain('departments[0].assignment.policy');
    expect(msg).toContain('escalationLevels[0].level');
  });
  it('takes an on-call user group ID per department (issue 18) and refuses anything else', () => {
    const good = structuredClone(example()) as unknown as { departments: { onCallGroup?: string }[] };
    good.departments[0]!.onCallGroup = 'S0TECHONC1';
    expect(problems(good)).toBe('');
    good.departments[0]!.onCallGroup = '@oncall';
    expect(problems(good)).toContain('departments[0].onCallGroup: must be a Slack user group ID');
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
