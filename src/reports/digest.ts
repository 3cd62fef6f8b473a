/**
 * Digests for supervisors and the service director, scheduled by the 'digest' job and delivered
 * through the outbox (kind 'digest', one task per recipient and period, keys like
 * `digest:daily:<dept|org>:<local date>:<user or channel>`, so a run twice sends nothing twice).
 *
 * Which digests a run plans is decided by `now` (in the organisation's time zone):
 * - daily: on every working day;
 * - weekly (the complete previous Monday–Sunday week): on the first working day of the ISO week;
 * - monthly (the previous calendar month): on the first working day of the month.
 * The cron schedules jobs.digest.daily / weekly / monthly all run the same job; a weekly or
 * monthly report already sent by an earlier run the same day is not sent again (idempotent keys).
 *
 * Recipients: per department its digestChannel when set, else each supervisor by DM (department
 * scope); each service director by DM (organisation scope).
 */

import { DateTime } from 'luxon';
import { dailyDigestMessage, periodReportMessage, periodTitle } from '../../blocks/digest.ts';
import type { Desk, TaskHandler } from '../context.ts';
import type { PeriodKind, Scope } from '../domain/views.ts';
import { type Lang, translator } from '../i18n/index.ts';
import { kbReportSection } from '../kb/report.ts';
import { scheduleTask } from '../outbox/outbox.ts';
import type { TaskContext } from '../outbox/task-types.ts';
import { isDirector } from '../tickets/permissions.ts';
import { renderReportChart } from './chart.ts';
import { dailyFigures, periodReport } from './report.ts';

export type DigestKind = 'daily' | 'weekly' | 'monthly';

export interface DigestRecipient {
  /** A user id (DM) or a channel id. */
  to: string;
  scope: Scope;
}

export function digestRecipients(desk: Desk): DigestRecipient[] {
  const out: DigestRecipient[] = [];
  for (const d of desk.config.departments) {
    const scope = { departmentId: d.id };
    if (d.digestChannel) out.push({ to: d.digestChannel, scope });
    else for (const s of d.supervisors) out.push({ to: s, scope });
  }
  for (const u of desk.config.serviceDirectors) out.push({ to: u, scope: {} });
  return out;
}

function isFirstWorkingDayOf(desk: Desk, now: Date, unit: 'week' | 'month'): boolean {
  const today = desk.calendar.localDate(now);
  if (!desk.calendar.isWorkingDay(today)) return false;
  let d = DateTime.fromISO(today, { zone: desk.config.organisation.timezone }).startOf(unit);
  while (d.toISODate()! < today) {
    if (desk.calendar.isWorkingDay(d.toISODate()!)) return false;
    d = d.plus({ days: 1 });
  }
  return true;
}

/** The digests due on `now`'s local day. */
export function dueDigests(desk: Desk, now: Date): DigestKind[] {
  const kinds: DigestKind[] = [];
  if (!desk.calendar.isWorkingDay(now)) return kinds;
  kinds.push('daily');
  if (isFirstWorkingDayOf(desk, now, 'week')) kinds.push('weekly');
  if (isFirstWorkingDayOf(desk, now, 'month')) kinds.push('monthly');
  return kinds;
}

/** Schedules the due digests for every recipient; returns how many tasks were new. */
export async function planDigests(desk: Desk, ctx: TaskContext, only?: DigestKind[]): Promise<number> {
  const date = desk.calendar.localDate(ctx.now);
  const kinds = dueDigests(desk, ctx.now).filter((k) => !only || only.includes(k));
  let planned = 0;
  for (const kind of kinds) {
    for (const r of digestRecipients(desk)) {
      const key = `digest:${kind}:${r.scope.departmentId ?? 'org'}:${date}:${r.to}`;
      if (ctx.dryRun) {
        ctx.report?.push(`would send ${kind} digest (${r.scope.departmentId ?? 'org'}) to ${r.to}`);
        planned++;
        continue;
      }
      const isNew = await scheduleTask(desk, {
        key,
        kind: 'digest',
        dueAt: ctx.now,
        payload: {
          digest: kind,
          departmentId: r.scope.departmentId ?? null,
          to: r.to,
          at: ctx.now.toISOString(),
        },
      });
      if (isNew) planned++;
    }
  }
  return planned;
}

async function langFor(desk: Desk, to: string): Promise<Lang> {
  return /^[UW]/.test(to) ? desk.langOf(to) : desk.config.organisation.defaultLanguage;
}

/** A channel id to post files into: the DM with a user, or the channel itself. */
export async function channelFor(desk: Desk, to: string): Promise<string> {
  if (!/^[UW]/.test(to)) return to;
  const res = await desk.slack.conversations.open({ users: to });
  return res.channel!.id!;
}

export async function sendDailyDigest(desk: Desk, to: string, scope: Scope, now: Date): Promise<void> {
  const lang = await langFor(desk, to);
  const figures = await dailyFigures(desk, scope, now, { digest: true });
  const msg = dailyDigestMessage(translator(lang), desk.config, lang, figures);
  await desk.slackOnce.chat.postMessage({ channel: to, ...msg, unfurl_links: false });
}

/**
 * The weekly / monthly report and its chart. `progress` records what Slack already accepted
 * (so a retry after a failed upload does not post the report twice).
 */
export async function sendPeriodReport(
  desk: Desk,
  to: string,
  scope: Scope,
  kind: PeriodKind,
  now: Date,
  progress: { postedTs?: string; save(ts: string): Promise<void> },
): Promise<void> {
  const lang = await langFor(desk, to);
  const tr = translator(lang);
  const report = await periodReport(desk, scope, kind, now);
  const channel = await channelFor(desk, to);
  if (!progress.postedTs) {
    const msg = periodReportMessage(tr, desk.config, lang, report);
    msg.blocks.push(...(await kbReportSection(desk, tr, lang, scope, report.current.period))); // issue 14
    const res = await desk.slackOnce.chat.postMessage({ channel, ...msg, unfurl_links: false });
    await progress.save(res.ts!);
  }
  const png = await renderReportChart(desk.config, lang, report.current);
  const title = periodTitle(tr, desk.config, lang, report.current);
  await desk.slackOnce.files.uploadV2({
    channel_id: channel,
    file: png,
    filename: `report-${kind}-${scope.departmentId ?? 'org'}-${report.current.period.firstDay}.png`,
    title,
    alt_text: tr('report.chart.alt'),
    initial_comment: tr('report.chart.comment', { title }),
  });
}

export const digestTaskHandler: TaskHandler = async (desk, task, ctx) => {
  const p = task.payload as {
    digest: DigestKind;
    departmentId: string | null;
    to: string;
    postedTs?: string;
  };
  const scope: Scope = p.departmentId ? { departmentId: p.departmentId } : {};
  if (p.departmentId && !desk.config.departments.some((d) => d.id === p.departmentId)) return 'drop';
  if (ctx.dryRun) {
    ctx.report?.push(`→ ${p.to}: ${p.digest} digest (${p.departmentId ?? 'org'})`);
    return 'done';
  }
  if (p.digest === 'daily') {
    await sendDailyDigest(desk, p.to, scope, ctx.now);
  } else {
    await sendPeriodReport(desk, p.to, scope, p.digest === 'weekly' ? 'week' : 'month', ctx.now, {
      ...(p.postedTs ? { postedTs: p.postedTs } : {}),
      save: async (ts) => {
        await desk.models.Task.updateOne({ _id: task._id }, { $set: { 'payload.postedTs': ts } });
      },
    });
  }
  ctx.report?.push(`→ ${p.to}: ${p.digest} digest (${p.departmentId ?? 'org'})`);
  return 'done';
};

/** May this user see digests / reports of this scope? Supervisors their department, directors all. */
export function maySeeDigest(desk: Desk, user: string, scope: Scope): boolean {
  if (isDirector(desk.config, user)) return true;
  if (!scope.departmentId) return false;
  return (
    desk.config.departments.find((d) => d.id === scope.departmentId)?.supervisors.includes(user) ?? false
  );
}

/** Redraws a posted daily digest in place with current numbers. */
export async function refreshDailyDigest(
  desk: Desk,
  user: string,
  channel: string,
  ts: string,
  scope: Scope,
): Promise<'ok' | 'denied'> {
  if (!maySeeDigest(desk, user, scope)) return 'denied';
  const lang = channel.startsWith('D') ? await desk.langOf(user) : desk.config.organisation.defaultLanguage;
  const figures = await dailyFigures(desk, scope, desk.clock.now(), { digest: true });
  const msg = dailyDigestMessage(translator(lang), desk.config, lang, figures);
  await desk.slack.chat.update({ channel, ts, ...msg });
  return 'ok';
}
