/**
 * Need-to-know access (issue 13): who may look up records, and access requests. A request is stored
 * (one open request per person and target), the department's supervisors get it by DM with Approve /
 * Reject, the decision is a conditional update (pending → approved/rejected, so two supervisors
 * clicking at once decide once), the requester is told, and each step is in the audit log.
 */
import { accessDecisionMessage, accessRequestMessage } from '../../blocks/access.ts';
import type { Desk } from '../context.ts';
import type { AccessScope, ActiveGrant, LookupRoles } from '../domain/access.ts';
import { translator } from '../i18n/index.ts';
import { recordAudit } from './audit.ts';
import { isDepartmentMember } from './handling.ts';
import { isDirector, isSupervisor } from './permissions.ts';

/** The person's standing roles and active grants, gathered once per look-up. */
export async function lookupRoles(desk: Desk, user: string): Promise<LookupRoles> {
  const cfg = desk.config;
  const everything =
    isSupervisor(cfg, user) ||
    isDirector(cfg, user) ||
    cfg.access.technicalLeads.includes(user) ||
    cfg.dataProtection.grantedUsers.includes(user);
  const departments = new Set<string>();
  if (!everything) {
    const member = await Promise.all(cfg.departments.map((d) => isDepartmentMember(desk, d, user)));
    cfg.departments.forEach((d, i) => {
      if (member[i]) departments.add(d.id);
    });
  }
  return { user, everything, departments, grants: await activeGrants(desk, user) };
}

/** Approved grants that have not expired: a grant ends by itself at `expiresAt`. */
export async function activeGrants(desk: Desk, user: string): Promise<ActiveGrant[]> {
  const rows = await desk.models.AccessGrant.find({
    user,
    status: 'approved',
    expiresAt: { $gt: desk.clock.now() },
  })
    .sort({ expiresAt: 1 })
    .lean();
  return rows.map((g) => ({ scope: g.scope as AccessScope, target: g.target, expiresAt: g.expiresAt! }));
}

export interface AccessRequest {
  user: string;
  scope: AccessScope;
  target: string;
  departmentId: string;
}

export type RequestOutcome =
  | { ok: true; created: boolean; supervisors: string[] }
  | { ok: false; reason: 'unknown_department' };

export async function requestAccess(desk: Desk, req: AccessRequest): Promise<RequestOutcome> {
  const dept = desk.config.departments.find((d) => d.id === req.departmentId);
  if (!dept) return { ok: false, reason: 'unknown_department' };
  const now = desk.clock.now();
  let created = false;
  let grant = await desk.models.AccessGrant.findOne({
    user: req.user,
    scope: req.scope,
    target: req.target,
    status: 'pending',
  }).lean();
  if (!grant) {
    try {
      const doc = await desk.models.AccessGrant.create({ ...req, status: 'pending', requestedAt: now });
      grant = doc.toObject();
      created = true;
    } catch (err) {
      // Two clicks at once: the unique index keeps one open request.
      if ((err as { code?: number }).code !== 11000) throw err;
      grant = await desk.models.AccessGrant.findOne({
        user: req.user,
        scope: req.scope,
        target: req.target,
        status: 'pending',
      }).lean();
    }
  }
  if (created && grant) {
    await recordAudit(desk, {
      by: req.user,
      action: 'access_request',
      details: { scope: req.scope, target: req.target, departmentId: req.departmentId },
    });
    for (const sup of dept.supervisors) {
      const tr = translator(await desk.langOf(sup));
      await desk.slack.chat
        .postMessage({
          channel: sup,
          ...accessRequestMessage(tr, String(grant._id), req, desk.config.access.grantDays),
          unfurl_links: false,
        })
        .catch((err: unknown) =>
          desk.log.warn({ sup, err: (err as Error).message }, 'access request DM not sent'),
        );
    }
  }
  return { ok: true, created, supervisors: dept.supervisors };
}

export type DecisionOutcome =
  | { ok: true; status: 'approved' | 'rejected'; user: string; expiresAt?: Date }
  | {
      ok: false;
      reason: 'not_found' | 'not_supervisor' | 'already_decided';
      status?: string;
      decidedBy?: string;
    };

export async function decideAccess(
  desk: Desk,
  d: { grantId: string; by: string; approve: boolean },
): Promise<DecisionOutcome> {
  const { AccessGrant } = desk.models;
  if (!/^[0-9a-f]{24}$/.test(d.grantId)) return { ok: false, reason: 'not_found' };
  const grant = await AccessGrant.findById(d.grantId).lean();
  if (!grant) return { ok: false, reason: 'not_found' };
  const dept = desk.config.departments.find((x) => x.id === grant.departmentId);
  if (!dept?.supervisors.includes(d.by) && !isDirector(desk.config, d.by))
    return { ok: false, reason: 'not_supervisor' };
  const now = desk.clock.now();
  const expiresAt = new Date(now.getTime() + desk.config.access.grantDays * 86_400_000);
  const status = d.approve ? 'approved' : 'rejected';
  const updated = await AccessGrant.findOneAndUpdate(
    { _id: grant._id, status: 'pending' },
    { $set: { status, decidedBy: d.by, decidedAt: now, ...(d.approve ? { expiresAt } : {}) } },
    { returnDocument: 'after' },
  ).lean();
  if (!updated) {
    const latest = await AccessGrant.findById(grant._id).lean();
    return {
      ok: false,
      reason: 'already_decided',
      ...(latest?.status ? { status: latest.status } : {}),
      ...(latest?.decidedBy ? { decidedBy: latest.decidedBy } : {}),
    };
  }
  await recordAudit(desk, {
    by: d.by,
    action: d.approve ? 'access_approve' : 'access_reject',
    details: {
      user: grant.user,
      scope: grant.scope,
      target: grant.target,
      ...(d.approve ? { expiresAt } : {}),
    },
  });
  const tr = translator(await desk.langOf(grant.user));
  await desk.slack.chat
    .postMessage({
      channel: grant.user,
      ...accessDecisionMessage(
        tr,
        { scope: grant.scope as AccessScope, target: grant.target },
        d.by,
        d.approve ? expiresAt : undefined,
      ),
      unfurl_links: false,
    })
    .catch((err: unknown) => desk.log.warn({ err: (err as Error).message }, 'access decision DM not sent'));
  return { ok: true, status, user: grant.user, ...(d.approve ? { expiresAt } : {}) };
}
