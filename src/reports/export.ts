/**
 * /ticket export [from] [to]: the tickets opened in a period (local dates, inclusive; default the
 * current month up to today) as CSV (UTF-8 with BOM) sent to the asker by DM as a file. Only
 * supervisors (their departments) and service directors (all); customer details masked unless the
 * asker may see them in full; every export is recorded as one AuditEvent.
 */
import { DateTime } from 'luxon';
import { names } from '../../blocks/ticket-card.ts';
import type { Desk } from '../context.ts';
import { type CsvValue, toCsv } from '../domain/csv.ts';
import { maskEmail, maskName, maskPhone } from '../domain/masking.ts';
import { translator } from '../i18n/index.ts';
import { recordAudit } from '../tickets/audit.ts';
import { isDirector, maySeeFullDetails } from '../tickets/permissions.ts';
import { channelFor } from './digest.ts';

export const EXPORT_MAX_ROWS = 50_000;

export const EXPORT_HEADER = [
  'number',
  'status',
  'priority',
  'request_type',
  'category',
  'department',
  'contact_channel',
  'opened_at',
  'opened_by',
  'owner',
  'first_response_at',
  'response_due_at',
  'resolved_at',
  'resolution_due_at',
  'reopen_count',
  'customer_name',
  'customer_id',
  'customer_phone',
  'customer_email',
  'customer_company',
  'key_account',
  'keywords',
  'description',
  'resolution_summary',
  'survey_overall',
  'survey_satisfaction',
  'masked',
] as const;

export type ExportOutcome =
  | { ok: true; rows: number; filename: string; from: string; to: string; truncated: boolean }
  | { ok: false; reason: 'denied' | 'bad_dates' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The departments a user may export: all for a director, supervised ones otherwise. */
export function exportableDepartments(desk: Desk, user: string): string[] {
  if (isDirector(desk.config, user)) return desk.config.departments.map((d) => d.id);
  return desk.config.departments.filter((d) => d.supervisors.includes(user)).map((d) => d.id);
}

export function exportRange(
  desk: Desk,
  args: string[],
): { from: string; to: string; fromAt: Date; toAt: Date } | null {
  const zone = desk.config.organisation.timezone;
  const today = desk.calendar.localDate(desk.clock.now());
  const from = args[0] ?? `${today.slice(0, 8)}01`;
  const to = args[1] ?? (args[0] && args[0] > today ? args[0] : today);
  if (!DATE.test(from) || !DATE.test(to)) return null;
  const f = DateTime.fromISO(from, { zone });
  const t = DateTime.fromISO(to, { zone });
  if (!f.isValid || !t.isValid || t < f) return null;
  return {
    from,
    to,
    fromAt: f.startOf('day').toJSDate(),
    toAt: t.plus({ days: 1 }).startOf('day').toJSDate(),
  };
}

export async function exportTickets(desk: Desk, user: string, args: string[]): Promise<ExportOutcome> {
  const departments = exportableDepartments(desk, user);
  if (departments.length === 0) return { ok: false, reason: 'denied' };
  const range = exportRange(desk, args);
  if (!range) return { ok: false, reason: 'bad_dates' };
  const zone = desk.config.organisation.timezone;
  const lang = await desk.langOf(user);
  const tr = translator(lang);
  const n = names(desk.config, lang);
  const time = (d: Date | null | undefined) =>
    d ? DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true }) : '';
  const rows: CsvValue[][] = [];
  let masked = 0;
  const cursor = desk.models.Ticket.find(
    { departmentId: { $in: departments }, openedAt: { $gte: range.fromAt, $lt: range.toAt } },
    { history: 0, searchTokens: 0 },
  )
    .sort({ openedAt: 1 })
    .limit(EXPORT_MAX_ROWS)
    .lean()
    .cursor();
  for await (const t of cursor) {
    const full = maySeeFullDetails(desk.config, user, t);
    if (!full) masked++;
    const c = t.customer ?? {
      name: '',
      customerId: '',
      phone: '',
      email: '',
      company: '',
      keyAccount: false,
    };
    rows.push([
      t.number,
      t.status,
      t.priority,
      t.requestType,
      n.category(t.categoryId),
      n.department(t.departmentId),
      n.channel(t.contactChannelId),
      time(t.openedAt),
      t.openedBy,
      t.ownerId ?? '',
      time(t.firstResponseAt),
      time(t.responseDueAt),
      time(t.resolvedAt),
      time(t.resolutionDueAt),
      t.reopenCount ?? 0,
      full ? c.name : maskName(c.name),
      c.customerId,
      full ? c.phone : maskPhone(c.phone),
      full ? c.email : maskEmail(c.email),
      c.company,
      !!c.keyAccount,
      (t.keywords ?? []).join('|'),
      t.description,
      t.resolution?.summary ?? '',
      t.survey?.overall ?? '',
      t.survey?.satisfaction ?? '',
      !full,
    ]);
  }
  // The cap keeps one export's memory bounded; the user is told when it cut the period short.
  const truncated = rows.length >= EXPORT_MAX_ROWS;
  const csv = toCsv(EXPORT_HEADER, rows);
  const filename = `tickets-${range.from}-${range.to}.csv`;
  const channel = await channelFor(desk, user);
  await desk.slack.files.uploadV2({
    channel_id: channel,
    file: Buffer.from(csv, 'utf8'),
    filename,
    title: filename,
    initial_comment: `${tr('export.comment', { n: rows.length, from: range.from, to: range.to })}${truncated ? ` ${tr('export.truncated', { max: EXPORT_MAX_ROWS })}` : ''}`,
  });
  await recordAudit(desk, {
    by: user,
    action: 'export',
    details: {
      from: range.from,
      to: range.to,
      departments,
      rows: rows.length,
      maskedRows: masked,
      truncated,
      filename,
    },
  });
  return { ok: true, rows: rows.length, filename, from: range.from, to: range.to, truncated };
}
