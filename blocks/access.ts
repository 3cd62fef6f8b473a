/**
 * Need-to-know access (issue 13): the refusal with "Request access", the request a supervisor
 * decides, the decision told to the requester, and the grants listed in App Home.
 */
import type { KnownBlock } from '@slack/types';
import type { AccessScope, ActiveGrant } from '../src/domain/access.ts';
import type { MessageKey, Translate } from '../src/i18n/index.ts';
import { button, context, mrkdwn } from './elements.ts';
import { ACTION } from './ids.ts';
import { escapeMrkdwn, slackTime } from './text.ts';

export interface AccessTarget {
  scope: AccessScope;
  target: string;
  departmentId: string;
}

/** Value of a "Request access" button. */
export function accessValue(t: AccessTarget): string {
  return [t.scope, t.target, t.departmentId].join('|');
}

export function parseAccessValue(value: string): AccessTarget | null {
  const [scope, target, departmentId] = value.split('|');
  if (!scope || !target || !departmentId) return null;
  if (scope !== 'ticket' && scope !== 'customer' && scope !== 'department') return null;
  return { scope, target, departmentId };
}

/** "ticket GW20261123001", "customer C20240501001", "department Tech support". */
export function scopeLabel(tr: Translate, scope: AccessScope, target: string): string {
  return tr(`access.scope.${scope}` as MessageKey, { target: escapeMrkdwn(target) });
}

/** The refusal: why, and one "Request access" button per target (at most 5). */
export function accessRefusal(
  tr: Translate,
  targets: AccessTarget[],
  deptName: (id: string) => string,
): { text: string; blocks: KnownBlock[] } {
  const text = tr('access.refused');
  const shown = targets.slice(0, 5);
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(text) }];
  if (shown.length > 0) {
    // One actions block per target: the same action id, told apart by the button's value.
    shown.forEach((t, i) => {
      blocks.push({
        type: 'actions',
        block_id: `access_request_${i}`,
        elements: [
          button(
            shown.length === 1
              ? tr('access.request')
              : tr('access.requestFor', { what: t.scope === 'department' ? deptName(t.target) : t.target }),
            ACTION.requestAccess,
            accessValue(t),
            'primary',
          ),
        ],
      });
    });
    blocks.push(
      context([
        tr('access.whoDecides', {
          department: deptName(shown[0]!.departmentId),
          what: scopeLabel(
            tr,
            shown[0]!.scope,
            shown[0]!.scope === 'department' ? deptName(shown[0]!.target) : shown[0]!.target,
          ),
        }),
      ]),
    );
  }
  return { text, blocks };
}

/** The supervisor's DM: who asks for what, with Approve / Reject. */
export function accessRequestMessage(
  tr: Translate,
  grantId: string,
  req: AccessTarget & { user: string },
  days: number,
): { text: string; blocks: KnownBlock[] } {
  const text = tr('access.requestDm', { user: req.user, what: scopeLabel(tr, req.scope, req.target), days });
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(text) },
      {
        type: 'actions',
        elements: [
          button(tr('access.approve'), ACTION.approveAccess, grantId, 'primary'),
          button(tr('access.reject'), ACTION.rejectAccess, grantId, 'danger'),
        ],
      },
    ],
  };
}

/** The requester's DM once a supervisor decided. */
export function accessDecisionMessage(
  tr: Translate,
  g: { scope: AccessScope; target: string },
  by: string,
  expiresAt: Date | undefined,
): { text: string } {
  const what = scopeLabel(tr, g.scope, g.target);
  return {
    text: expiresAt
      ? tr('access.approvedDm', { by, what, until: slackTime(expiresAt) })
      : tr('access.rejectedDm', { by, what }),
  };
}

/** The line that replaces the supervisor's buttons after the decision. */
export function accessDecidedLine(tr: Translate, approved: boolean, by: string, user: string): string {
  return tr(approved ? 'access.approvedLine' : 'access.rejectedLine', { by, user });
}

/** App Home: the person's active grants and when each ends. */
export function accessHomeBlocks(tr: Translate, grants: readonly ActiveGrant[]): KnownBlock[] {
  if (grants.length === 0) return [];
  const lines = grants
    .slice(0, 20)
    .map((g) =>
      tr('access.grantLine', { scope: scopeLabel(tr, g.scope, g.target), until: slackTime(g.expiresAt) }),
    );
  return [
    {
      type: 'section',
      text: mrkdwn(`*${tr('access.homeTitle', { n: grants.length })}*\n${lines.join('\n')}`),
    },
  ];
}
