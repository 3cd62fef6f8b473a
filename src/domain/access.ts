/**
 * Need-to-know access to records (the procedures): who may look up a ticket (`/ticket show`,
 * search, a customer's history, Home lists). Pure: the caller gathers the person's roles.
 */

export type AccessScope = 'ticket' | 'customer' | 'department';

export interface ActiveGrant {
  scope: AccessScope;
  target: string;
  expiresAt: Date;
}

/** Everything that decides what one person may look up. */
export interface LookupRoles {
  user: string;
  /** Supervisor (any department), technical lead, service director or a config-granted user. */
  everything: boolean;
  /** Departments whose channel (or user group) the person belongs to. */
  departments: ReadonlySet<string>;
  grants: readonly ActiveGrant[];
}

export interface LookupTarget {
  number: string;
  departmentId: string;
  ownerId?: string | null;
  openedBy?: string | null;
  collaborators?: readonly { departmentId?: string | null }[] | null;
  customer?: { customerId?: string | null } | null;
}

/** Why a person may look up the ticket, or null when they may not. */
export function lookupReason(r: LookupRoles, t: LookupTarget): string | null {
  if (r.everything) return 'role';
  if (t.ownerId === r.user || t.openedBy === r.user) return 'handler';
  if (r.departments.has(t.departmentId)) return 'department';
  if ((t.collaborators ?? []).some((c) => c.departmentId && r.departments.has(c.departmentId)))
    return 'department';
  for (const g of r.grants) {
    if (g.scope === 'ticket' && g.target === t.number) return 'grant';
    if (g.scope === 'department' && g.target === t.departmentId) return 'grant';
    if (g.scope === 'customer' && t.customer?.customerId && g.target === t.customer.customerId)
      return 'grant';
  }
  return null;
}

export function mayLookUp(r: LookupRoles, t: LookupTarget): boolean {
  return lookupReason(r, t) !== null;
}

/** Whether the person has any standing role (not only grants): used for refusing a search outright. */
export function hasStandingRole(r: LookupRoles): boolean {
  return r.everything || r.departments.size > 0;
}
