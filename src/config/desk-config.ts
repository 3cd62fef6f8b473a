/**
 * The organisation config file (DESK_CONFIG, YAML), validated with zod. Unknown keys are
 * errors so that a typo never passes silently; every error names the file and key path.
 * Defaults follow ../shared/domain.md; config/example.yml is the complete, commented example.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { PRIORITIES, REQUEST_TYPES, RESOLUTION_TYPES } from '../domain/types.ts';
import { ConfigError } from './env.ts';

const PRIORITY = z.enum(PRIORITIES);
const REQUEST_TYPE = z.enum(REQUEST_TYPES);
const id = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _ (max 40)');
const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user ID such as U012ABCDEF');
const slackChannel = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel ID such as C012ABCDEF');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:mm');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/**
 * Default KPI targets of digests and reports, in percent (issue 18). The procedures set no figures,
 * so these are common service-desk targets; the organisation config changes them (reports.targets).
 */
export const REPORT_TARGETS = {
  responseOnTimePct: 90,
  resolutionOnTimePct: 90,
  fcrPct: 70,
  satisfactionPct: 90,
  reopenMaxPct: 5,
};
const cron = z
  .string()
  .regex(/^\s*\S+(\s+\S+){4,5}\s*$/, 'must be a cron expression with 5 or 6 fields, e.g. "*/5 * * * *"');
const names = z.strictObject({
  en: z.string().min(1).max(60),
  'zh-CN': z.string().min(1).max(60),
});
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

const serviceLevel = z.strictObject({
  responseHours: z.number().positive(),
  resolutionHours: z.number().positive(),
  /** Tell the customer the result within this many minutes of resolving. */
  notifyCustomerMinutes: z.number().int().positive(),
  /** calendar: plain elapsed hours; working: counted on the business calendar. */
  basis: z.enum(['calendar', 'working']).default('calendar'),
});

const AGENT_EVENTS = ['progress', 'waiting', 'escalation', 'resolve', 'reopen'] as const;

/** Defaults of the customer-facing clocks (domain.md "The customer-facing clocks"). */
export const CLOCK_DEFAULTS = {
  warnAtShare: 0.8,
  urgencyResponseMinutes: { normal: 120, urgent: 30, critical: 10 },
  customerContactMinutes: 15,
  customerContactPriorities: ['P1' as const],
  emergencyConfirmMinutes: 10,
  planWorkingDays: 1,
  planStages: ['solution_design'],
  findingsMinutes: 60,
  findingsCategories: ['functional_fault'],
  progressSyncWorkingDays: 2,
  collaborationWorkingDays: 1,
  pauseStages: [] as string[],
  agentEvents: [...AGENT_EVENTS],
};

const clocksSchema = z.strictObject({
  /** Each clock warns at this share of its window (of working time for working-day clocks). */
  warnAtShare: z.number().gt(0).lt(1).default(CLOCK_DEFAULTS.warnAtShare),
  /** First response by urgency (toolkit); the stricter of this and the priority's window applies. */
  urgencyResponseMinutes: z
    .strictObject({
      normal: z.number().positive().default(120),
      urgent: z.number().positive().default(30),
      critical: z.number().positive().default(10),
    })
    .default(CLOCK_DEFAULTS.urgencyResponseMinutes),
  /** Contact the customer ("received, working on it") within this many minutes of intake… */
  customerContactMinutes: z.number().positive().default(CLOCK_DEFAULTS.customerContactMinutes),
  /** …for tickets of these priorities. */
  customerContactPriorities: z.array(PRIORITY).default(['P1']),
  /** A supervisor confirms the emergency process started (P1 or critical) within this many minutes. */
  emergencyConfirmMinutes: z.number().positive().default(CLOCK_DEFAULTS.emergencyConfirmMinutes),
  /** A handling plan within this many working days of claiming. */
  planWorkingDays: z.number().int().min(1).default(CLOCK_DEFAULTS.planWorkingDays),
  /** A progress update in one of these stages with a next step and a planned date is the plan. */
  planStages: z.array(id).default(CLOCK_DEFAULTS.planStages),
  /** First technical findings within this many minutes of claiming… */
  findingsMinutes: z.number().positive().default(CLOCK_DEFAULTS.findingsMinutes),
  /** …for tickets of these categories. */
  findingsCategories: z.array(id).default(CLOCK_DEFAULTS.findingsCategories),
  /** Tell the customer how it is going at least every this many working days until resolved. */
  progressSyncWorkingDays: z.number().int().min(1).default(CLOCK_DEFAULTS.progressSyncWorkingDays),
  /** A collaboration request without a date is due this many working days after it was sent. */
  collaborationWorkingDays: z.number().int().min(1).default(CLOCK_DEFAULTS.collaborationWorkingDays),
  /**
   * Progress stages that pause the resolution clock besides those waiting on the customer (e.g. a
   * "waiting for a third party" stage).
   */
  pauseStages: z.array(id).default([]),
  /** What the first-contact agent (首问负责制) is told by DM. */
  agentEvents: z.array(z.enum(AGENT_EVENTS)).default([...AGENT_EVENTS]),
});

export const deskConfigSchema = z
  .strictObject({
    organisation: z.strictObject({
      name: z.string().min(1).max(80),
      timezone: timezone.default('Asia/Shanghai'),
      defaultLanguage: z.enum(['en', 'zh-CN']).default('zh-CN'),
    }),
    departments: z
      .array(
        z.strictObject({
          id,
          name: names,
          channel: slackChannel,
          userGroup: z
            .string()
            .regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group ID such as S012ABCDEF')
            .optional(),
          /** issue 18: the on-call Slack user group mentioned on P1 cards (`<!subteam^S…>`), optional. */
          onCallGroup: z
            .string()
            .regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group ID such as S012ABCDEF')
            .optional(),
          supervisors: z.array(slackUser).min(1, 'needs at least one supervisor'),
          /** Senior staff who take escalations before the supervisor (optional). */
          seniors: z.array(slackUser).default([]),
          /** Where the daily digest goes; unset sends it to each supervisor by DM. */
          digestChannel: slackChannel.optional(),
          /**
           * How new tickets find an owner: `claim` (members claim from the card), `round_robin` over
           * the channel's members, or `least_loaded` (open tickets owned, weighted by priority). The
           * assignee accepts within `acceptMinutes`, or the ticket passes on. Under `claim`,
           * `autoAssignAfterMinutes` assigns a ticket still unclaimed by then (round robin).
           */
          /** This department's timed escalation levels (default: the organisation's). */
          escalationLevels: z
            .array(
              z.strictObject({
                share: z.number().min(0.05).max(1),
                level: z.enum(['senior', 'supervisor', 'director']),
                priorities: z.array(PRIORITY).min(1).default(['P1', 'P2', 'P3']),
              }),
            )
            .max(10)
            .optional(),
          assignment: z
            .strictObject({
              policy: z.enum(['claim', 'round_robin', 'least_loaded']).default('claim'),
              acceptMinutes: z.number().int().min(1).max(1440).default(10),
              autoAssignAfterMinutes: z.number().int().min(1).max(10080).optional(),
            })
            .default({ policy: 'claim', acceptMinutes: 10 }),
        }),
      )
      .min(1, 'needs at least one department'),
    serviceDirectors: z.array(slackUser).min(1, 'needs at least one service director'),
    /**
     * Timed escalation levels: at `share` of a ticket's resolution window (on its service level's
     * basis; a paused window moves them) the level's people are told once, for the priorities
     * listed. Empty (the default): none. A department's own `escalationLevels` replaces these.
     */
    escalationLevels: z
      .array(
        z.strictObject({
          share: z.number().min(0.05).max(1),
          level: z.enum(['senior', 'supervisor', 'director']),
          priorities: z.array(PRIORITY).min(1).default(['P1', 'P2', 'P3']),
        }),
      )
      .max(10)
      .default([]),
    categories: z
      .array(
        z.strictObject({
          id,
          name: names,
          department: id,
          defaultPriority: PRIORITY,
          /** Stricter per-category windows (domain.md's category table); the stricter rule applies. */
          responseHours: z.number().positive().optional(),
          resolutionHours: z.number().positive().optional(),
        }),
      )
      .min(1)
      .max(100),
    requestTypes: z
      .array(
        z.strictObject({
          id: REQUEST_TYPE,
          name: names,
          /** Replaces the category's default priority for this request type (suggestions are P3). */
          defaultPriority: PRIORITY.optional(),
          /** The problem categories this request type fits (the intake form offers only these); absent = all. */
          categories: z.array(id).min(1).optional(),
        }),
      )
      .min(1)
      .default([
        { id: 'consultation', name: { en: 'Consultation', 'zh-CN': '咨询' } },
        { id: 'service_request', name: { en: 'Service request', 'zh-CN': '办理' } },
        { id: 'complaint', name: { en: 'Complaint', 'zh-CN': '投诉' } },
        { id: 'suggestion', name: { en: 'Suggestion', 'zh-CN': '建议' }, defaultPriority: 'P3' },
        { id: 'after_sales', name: { en: 'After-sales', 'zh-CN': '售后' } },
        { id: 'care', name: { en: 'Customer care', 'zh-CN': '关怀' } },
      ]),
    contactChannels: z
      .array(
        z.strictObject({
          id,
          name: names,
          code: z.string().regex(/^[A-Z]{1,6}$/, 'must be 1 to 6 upper-case letters'),
          group: z.enum(['online', 'offline', 'third_party']),
        }),
      )
      .min(1)
      .max(100),
    serviceLevels: z.strictObject({ P1: serviceLevel, P2: serviceLevel, P3: serviceLevel }).default({
      P1: { responseHours: 2, resolutionHours: 24, notifyCustomerMinutes: 30, basis: 'calendar' },
      P2: { responseHours: 4, resolutionHours: 48, notifyCustomerMinutes: 120, basis: 'calendar' },
      P3: { responseHours: 8, resolutionHours: 72, notifyCustomerMinutes: 1440, basis: 'calendar' },
    }),
    calendar: z
      .strictObject({
        workingHours: z.strictObject({ start: hhmm, end: hhmm }).default({ start: '09:00', end: '18:00' }),
        /** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
        weekendDays: z.array(z.number().int().min(1).max(7)).default([6, 7]),
        holidays: z.array(isoDate).default([]),
        /** Weekend dates that are worked (调休). */
        makeupWorkdays: z.array(isoDate).default([]),
      })
      .default({
        workingHours: { start: '09:00', end: '18:00' },
        weekendDays: [6, 7],
        holidays: [],
        makeupWorkdays: [],
      }),
    /**
     * Who can take work now (assignment skips the others): a status emoji or text in these lists
     * means out of office; `shifts` gives a member's weekly working times in the organisation's
     * time zone (a member without shifts is on shift whenever present).
     */
    availability: z
      .strictObject({
        outOfOfficeEmoji: z
          .array(z.string().regex(/^:[a-z0-9_+'-]+:$/, 'must be an emoji code such as :palm_tree:'))
          .default([':palm_tree:', ':face_with_thermometer:', ':airplane:']),
        outOfOfficeText: z
          .array(z.string().min(1))
          .default(['OOO', 'out of office', 'on leave', '休假', '请假', '不在']),
        shifts: z
          .record(
            slackUser,
            z.array(
              z.strictObject({
                /** ISO weekdays 1 = Monday … 7 = Sunday. */
                days: z.array(z.number().int().min(1).max(7)).min(1),
                from: hhmm,
                to: hhmm,
              }),
            ),
          )
          .default({}),
      })
      .default({
        outOfOfficeEmoji: [':palm_tree:', ':face_with_thermometer:', ':airplane:'],
        outOfOfficeText: ['OOO', 'out of office', 'on leave', '休假', '请假', '不在'],
        shifts: {},
      }),
    /**
     * Tickets from conversations: in these channels, reacting to a message with `emoji` (its name
     * without colons) offers the reactor a ticket prefilled from the message.
     */
    conversations: z
      .strictObject({
        channels: z
          .array(
            z.strictObject({
              channel: slackChannel,
              emoji: z
                .string()
                .regex(/^[a-z0-9_+'-]{1,100}$/, 'must be an emoji name without colons, e.g. ticket')
                .default('ticket'),
            }),
          )
          .max(200)
          .default([]),
        /**
         * Open the ticket at once from a 🎫 reaction (instead of offering the form), marked "to be
         * completed": the category is the first `keywords` entry whose word the message contains,
         * else `defaultCategory`; `contactChannel` numbers it and `requestType` types it.
         */
        quickFromReaction: z.boolean().default(false),
        contactChannel: id.optional(),
        requestType: id.default('service_request'),
        defaultCategory: id.optional(),
        keywords: z
          .array(z.strictObject({ words: z.array(z.string().min(1)).min(1), category: id }))
          .max(200)
          .default([]),
      })
      .default({ channels: [], quickFromReaction: false, requestType: 'service_request', keywords: [] }),
    intake: z
      .strictObject({
        minDescriptionLength: z.number().int().min(1).max(500).default(15),
      })
      .default({ minDescriptionLength: 15 }),
    progressStages: z
      .array(z.strictObject({ id, name: names, waitingOnCustomer: z.boolean().default(false) }))
      .min(1)
      .max(100)
      .default([
        { id: 'review', name: { en: 'Review', 'zh-CN': '需求审核' }, waitingOnCustomer: false },
        {
          id: 'solution_design',
          name: { en: 'Solution design', 'zh-CN': '方案制定' },
          waitingOnCustomer: false,
        },
        {
          id: 'cross_department',
          name: { en: 'Cross-department', 'zh-CN': '跨部门协同' },
          waitingOnCustomer: false,
        },
        { id: 'executing', name: { en: 'Executing', 'zh-CN': '执行中' }, waitingOnCustomer: false },
        {
          id: 'waiting_customer',
          name: { en: 'Waiting for customer', 'zh-CN': '等待客户' },
          waitingOnCustomer: true,
        },
      ]),
    approval: z
      .strictObject({
        /** Compensation above this amount needs the department supervisor's approval. */
        compensationThreshold: z.number().nonnegative().default(500),
        currency: z.string().min(1).max(8).default('CNY'),
        /**
         * Which resolutions need approval, and whose (issue 13): compensation above the threshold,
         * a major complaint (reputation risk), or given resolution types (e.g. refund). The first
         * matching rule decides; `approver` is the ticket department's supervisor or the director.
         */
        rules: z
          .array(
            z.strictObject({
              id,
              when: z.enum(['compensation_above', 'major_complaint', 'resolution_type']),
              types: z.array(z.enum(RESOLUTION_TYPES)).default([]),
              approver: z.enum(['supervisor', 'director']),
            }),
          )
          .default([
            { id: 'high_compensation', when: 'compensation_above', types: [], approver: 'supervisor' },
            { id: 'major_complaint', when: 'major_complaint', types: [], approver: 'director' },
          ]),
        /** Complaints about staff behaviour are routed to this department (e.g. HR); unset: by category. */
        hrDepartment: id.optional(),
      })
      .default({
        compensationThreshold: 500,
        currency: 'CNY',
        rules: [
          { id: 'high_compensation', when: 'compensation_above', types: [], approver: 'supervisor' },
          { id: 'major_complaint', when: 'major_complaint', types: [], approver: 'director' },
        ],
      }),
    jobs: z
      .strictObject({
        nudge: z
          .strictObject({
            schedule: cron.default('*/15 * * * *'),
            staleWorkingDays: z.number().int().min(1).default(2),
            supervisorFromNudge: z.number().int().min(1).default(3),
          })
          .default({ schedule: '*/15 * * * *', staleWorkingDays: 2, supervisorFromNudge: 3 }),
        sla: z
          .strictObject({
            schedule: cron.default('*/5 * * * *'),
            warnAtShare: z.number().gt(0).lt(1).default(0.8),
          })
          .default({ schedule: '*/5 * * * *', warnAtShare: 0.8 }),
        followup: z
          .strictObject({ schedule: cron.default('*/10 * * * *') })
          .default({ schedule: '*/10 * * * *' }),
        digest: z
          .strictObject({
            daily: cron.default('30 9 * * *'),
            weekly: cron.default('0 10 * * 1'),
            monthly: cron.default('0 10 1 * *'),
          })
          .default({ daily: '30 9 * * *', weekly: '0 10 * * 1', monthly: '0 10 1 * *' }),
        retention: z.strictObject({ schedule: cron.default('0 3 * * *') }).default({ schedule: '0 3 * * *' }),
        /** The customer-facing clocks' warnings and breaches (reads only tickets whose nextDueAt has come). */
        clocks: z.strictObject({ schedule: cron.default('* * * * *') }).default({ schedule: '* * * * *' }),
        /** Minimum milliseconds between two posts of the jobs to the same channel (Slack: ~1 message/s/channel). */
        channelPaceMs: z.number().int().min(0).max(60_000).default(1100),
      })
      .default({
        nudge: { schedule: '*/15 * * * *', staleWorkingDays: 2, supervisorFromNudge: 3 },
        sla: { schedule: '*/5 * * * *', warnAtShare: 0.8 },
        followup: { schedule: '*/10 * * * *' },
        digest: { daily: '30 9 * * *', weekly: '0 10 * * 1', monthly: '0 10 1 * *' },
        retention: { schedule: '0 3 * * *' },
        clocks: { schedule: '* * * * *' },
        channelPaceMs: 1100,
      }),
    followUp: z
      .strictObject({
        /** Every ticket is followed up within this many hours of resolution (CRM template: 24 h). */
        withinHours: z.number().positive().default(24),
        /** Complaints: within this many hours (the stricter of the two applies). */
        complaintWithinHours: z.number().positive().default(24),
        /** The one reminder of an unrecorded follow-up: the next working day at this local time. */
        nextWorkingDayAt: hhmm.default('10:00'),
        /** When requesters are Slack users themselves, the survey goes to them directly. */
        requestersAreSlackUsers: z.boolean().default(false),
        /** Calls that may go unanswered (each retried the next working day) before the follow-up ends without a survey. */
        maxAttempts: z.number().int().min(1).max(10).default(3),
      })
      .default({
        withinHours: 24,
        complaintWithinHours: 24,
        nextWorkingDayAt: '10:00',
        requestersAreSlackUsers: false,
        maxAttempts: 3,
      }),
    clocks: clocksSchema.default(CLOCK_DEFAULTS),
    dataProtection: z
      .strictObject({
        /** Users granted full customer details besides handlers' supervisors and the directors. */
        grantedUsers: z.array(slackUser).default([]),
        /** Customer contact fields are anonymised this many days after closing. */
        retentionDays: z.number().int().min(1).default(730),
      })
      .default({ grantedUsers: [], retentionDays: 730 }),
    /** Knowledge base (issue 14): standard replies, seed answers and the report thresholds. */
    knowledgeBase: z
      .strictObject({
        /** An answer is due for review this many months after it was published or last edited. */
        reviewMonths: z.number().int().min(1).max(60).default(6),
        /** Answers per page of /ticket kb. */
        pageSize: z.number().int().min(1).max(10).default(5),
        /** A category with at least this many tickets in the week and no published answer is a gap. */
        gapMinTickets: z.number().int().min(1).default(3),
        /** Standard replies (标准话术): {customer}, {number}, {due} and {owner} are filled in. */
        replies: z
          .array(
            z.strictObject({
              id,
              name: names,
              /** Categories it is offered for; empty: all. */
              categories: z.array(id).default([]),
              text: z.strictObject({ en: z.string().min(1).max(2000), 'zh-CN': z.string().min(1).max(2000) }),
            }),
          )
          .max(100)
          .default([]),
        /** Answers stored once at start-up (by id) when missing: the procedures' own examples. */
        seedAnswers: z
          .array(
            z.strictObject({
              id,
              question: z.string().min(1).max(300),
              phrasings: z.array(z.string().min(1).max(300)).default([]),
              body: z.string().min(1).max(2900),
              steps: z.array(z.string().min(1).max(300)).default([]),
              category: id,
              keywords: z.array(z.string().min(1).max(40)).default([]),
              languages: z
                .array(z.enum(['en', 'zh-CN']))
                .min(1)
                .default(['zh-CN', 'en']),
            }),
          )
          .max(200)
          .default([]),
      })
      .default({ reviewMonths: 6, pageSize: 5, gapMinTickets: 3, replies: [], seedAnswers: [] }),
    /** Who may look up records (issue 13): besides handlers, department members, supervisors and directors. */
    access: z
      .strictObject({
        /** Technical leads: may look up every record. */
        technicalLeads: z.array(slackUser).default([]),
        /** How long an approved access request lasts. */
        grantDays: z.number().int().min(1).max(90).default(7),
      })
      .default({ technicalLeads: [], grantDays: 7 }),
    /** Customers as records (issue 13): generated IDs, tiers that feed the priority rules. */
    customers: z
      .strictObject({
        /** Customer IDs are this prefix plus a serial, e.g. C000001. */
        idPrefix: z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/, 'must be 1–8 capital letters or digits, e.g. C'),
        serialDigits: z.number().int().min(3).max(12).default(6),
        /** Tiers, e.g. VIP, key account, normal; `keyAccount: true` raises priority one level. */
        tiers: z
          .array(z.strictObject({ id, name: names, keyAccount: z.boolean().default(false) }))
          .min(1, 'needs at least one tier'),
        defaultTier: id,
        /** How a customer prefers to be contacted. */
        contactMethods: z.array(z.strictObject({ id, name: names })).min(1),
      })
      .default({
        idPrefix: 'C',
        serialDigits: 6,
        tiers: [
          { id: 'vip', name: { en: 'VIP', 'zh-CN': 'VIP' }, keyAccount: true },
          { id: 'key_account', name: { en: 'Key account', 'zh-CN': '大客户' }, keyAccount: true },
          { id: 'normal', name: { en: 'Normal', 'zh-CN': '普通' }, keyAccount: false },
        ],
        defaultTier: 'normal',
        contactMethods: [
          { id: 'phone', name: { en: 'Phone', 'zh-CN': '电话' } },
          { id: 'email', name: { en: 'Email', 'zh-CN': '邮件' } },
          { id: 'wechat', name: { en: 'WeChat', 'zh-CN': '微信' } },
          { id: 'sms', name: { en: 'SMS', 'zh-CN': '短信' } },
        ],
      }),
    /** Digests and reports (issue 18): the KPI targets; a KPI below its target is flagged ⚠️. */
    reports: z
      .strictObject({
        targets: z
          .strictObject({
            /** Share of first responses on time, in percent. */
            responseOnTimePct: z.number().min(0).max(100).default(REPORT_TARGETS.responseOnTimePct),
            /** Share of resolutions on time, in percent. */
            resolutionOnTimePct: z.number().min(0).max(100).default(REPORT_TARGETS.resolutionOnTimePct),
            /** First-contact resolution (FCR), in percent. */
            fcrPct: z.number().min(0).max(100).default(REPORT_TARGETS.fcrPct),
            /** Satisfied or basically satisfied among surveys, in percent. */
            satisfactionPct: z.number().min(0).max(100).default(REPORT_TARGETS.satisfactionPct),
            /** The highest acceptable reopen rate, in percent (above it is flagged). */
            reopenMaxPct: z.number().min(0).max(100).default(REPORT_TARGETS.reopenMaxPct),
          })
          .default(REPORT_TARGETS),
      })
      .default({ targets: REPORT_TARGETS }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.approval.hrDepartment && !cfg.departments.some((d) => d.id === cfg.approval.hrDepartment))
      ctx.addIssue({
        code: 'custom',
        path: ['approval', 'hrDepartment'],
        message: `must be one of the departments (${cfg.departments.map((d) => d.id).join(', ')})`,
      });
    if (!cfg.customers.tiers.some((t) => t.id === cfg.customers.defaultTier))
      ctx.addIssue({
        code: 'custom',
        path: ['customers', 'defaultTier'],
        message: `must be one of the tiers (${cfg.customers.tiers.map((t) => t.id).join(', ')})`,
      });
    const deptIds = new Set<string>();
    cfg.departments.forEach((d, i) => {
      if (deptIds.has(d.id))
        ctx.addIssue({ code: 'custom', path: ['departments', i, 'id'], message: `duplicate id "${d.id}"` });
      deptIds.add(d.id);
    });
    const catIds = new Set<string>();
    cfg.categories.forEach((c, i) => {
      if (catIds.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `duplicate id "${c.id}"` });
      catIds.add(c.id);
      // A category's label and its windows agree: windows as strict as the next stricter priority's
      // belong to that priority (label it so, or relax the windows).
      const stricter = c.defaultPriority === 'P3' ? 'P2' : c.defaultPriority === 'P2' ? 'P1' : undefined;
      if (stricter) {
        const level = cfg.serviceLevels[stricter];
        const response = c.responseHours ?? Number.POSITIVE_INFINITY;
        const resolution = c.resolutionHours ?? Number.POSITIVE_INFINITY;
        if (response <= level.responseHours && resolution <= level.resolutionHours)
          ctx.addIssue({
            code: 'custom',
            path: ['categories', i],
            message: `is labelled ${c.defaultPriority} but has ${stricter} windows (response ${response} h, resolution ${resolution} h): label it ${stricter} or give it ${c.defaultPriority} windows`,
          });
      }
      if (!deptIds.has(c.department))
        ctx.addIssue({
          code: 'custom',
          path: ['categories', i, 'department'],
          message: `names department "${c.department}", which is not among departments (${[...deptIds].join(', ')})`,
        });
    });
    cfg.requestTypes.forEach((r, i) => {
      (r.categories ?? []).forEach((c, j) => {
        if (!catIds.has(c))
          ctx.addIssue({
            code: 'custom',
            path: ['requestTypes', i, 'categories', j],
            message: `names category "${c}", which is not among categories`,
          });
      });
    });
    const codes = new Set<string>();
    cfg.contactChannels.forEach((c, i) => {
      if (codes.has(c.code))
        ctx.addIssue({
          code: 'custom',
          path: ['contactChannels', i, 'code'],
          message: `duplicate code "${c.code}"`,
        });
      codes.add(c.code);
    });
    const stageIds = new Set(cfg.progressStages.map((s) => s.id));
    for (const key of ['planStages', 'pauseStages'] as const)
      cfg.clocks[key].forEach((s, i) => {
        if (!stageIds.has(s))
          ctx.addIssue({
            code: 'custom',
            path: ['clocks', key, i],
            message: `names progress stage "${s}", which is not among progressStages (${[...stageIds].join(', ')})`,
          });
      });
    const conv = cfg.conversations;
    if (conv.quickFromReaction) {
      if (!conv.contactChannel || !cfg.contactChannels.some((c) => c.id === conv.contactChannel))
        ctx.addIssue({
          code: 'custom',
          path: ['conversations', 'contactChannel'],
          message: 'quickFromReaction needs a contactChannel among contactChannels (it numbers the ticket)',
        });
      if (!conv.defaultCategory || !catIds.has(conv.defaultCategory))
        ctx.addIssue({
          code: 'custom',
          path: ['conversations', 'defaultCategory'],
          message: 'quickFromReaction needs a defaultCategory among categories',
        });
      if (!cfg.requestTypes.some((r) => r.id === conv.requestType))
        ctx.addIssue({
          code: 'custom',
          path: ['conversations', 'requestType'],
          message: `names request type "${conv.requestType}", which is not among requestTypes`,
        });
    }
    conv.keywords.forEach((k, i) => {
      if (!catIds.has(k.category))
        ctx.addIssue({
          code: 'custom',
          path: ['conversations', 'keywords', i, 'category'],
          message: `names category "${k.category}", which is not among categories`,
        });
    });
    const kbCategory = (path: PropertyKey[], cat: string) => {
      if (!catIds.has(cat))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `names category "${cat}", which is not among categories`,
        });
    };
    cfg.knowledgeBase.replies.forEach((r, i) => {
      r.categories.forEach((c, j) => {
        kbCategory(['knowledgeBase', 'replies', i, 'categories', j], c);
      });
    });
    cfg.knowledgeBase.seedAnswers.forEach((a, i) => {
      kbCategory(['knowledgeBase', 'seedAnswers', i, 'category'], a.category);
    });
    if (cfg.calendar.workingHours.start >= cfg.calendar.workingHours.end)
      ctx.addIssue({
        code: 'custom',
        path: ['calendar', 'workingHours'],
        message: 'start must be before end',
      });
  });

export type DeskConfig = z.infer<typeof deskConfigSchema>;
export type Department = DeskConfig['departments'][number];
export type Category = DeskConfig['categories'][number];
export type ContactChannel = DeskConfig['contactChannels'][number];
export type StandardReply = DeskConfig['knowledgeBase']['replies'][number];
export type LocalizedName = z.infer<typeof names>;

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

/** Validates an already-parsed object; `source` names the file in errors. */
export function parseDeskConfig(raw: unknown, source: string): DeskConfig {
  const parsed = deskConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const base = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys
        .map(
          (k) =>
            `  ${base ? `${base}.` : ''}${k}: unknown key (check the spelling against config/example.yml)`,
        )
        .join('\n');
    }
    const message =
      issue.code === 'invalid_type' && /received undefined/.test(issue.message)
        ? `is required (${issue.message.replace(/^Invalid input: /, '')})`
        : issue.message;
    return `  ${base || '(top level)'}: ${message}`;
  });
  throw new ConfigError(`Invalid organisation config ${source}:\n${lines.join('\n')}`);
}

/** Reads and validates the YAML config file. */
export function loadDeskConfig(path: string): DeskConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(
      `Cannot read the organisation config ${path} (${code}). Set DESK_CONFIG to its path, e.g. DESK_CONFIG=config/example.yml`,
    );
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      `Invalid YAML in ${path}:\n${doc.errors.map((e) => `  ${e.message.split('\n')[0]}`).join('\n')}`,
    );
  }
  return parseDeskConfig(doc.toJS(), path);
}
