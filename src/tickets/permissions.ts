/**
 * Who may do what. Full customer details: the ticket's handlers (owner, first-contact agent),
 * the department's supervisors, the technical leads, the service directors and users the config
 * grants access. Who may look up a record at all: src/domain/access.ts.
 */
import type { DeskConfig } from '../config/desk-config.ts';
import type { TicketFields } from '../db/models/index.ts';

type TicketRef = Pick<TicketFields, 'departmentId' | 'ownerId' | 'openedBy'>;

export function supervisesTicket(
  config: DeskConfig,
  user: string,
  t: Pick<TicketFields, 'departmentId'>,
): boolean {
  return config.departments.find((d) => d.id === t.departmentId)?.supervisors.includes(user) ?? false;
}

export function isDirector(config: DeskConfig, user: string): boolean {
  return config.serviceDirectors.includes(user);
}

export function isSupervisor(config: DeskConfig, user: string): boolean {
  return config.departments.some((d) => d.supervisors.includes(user));
}

export function maySeeFullDetails(config: DeskConfig, user: string, t: TicketRef): boolean {
  return (
    user === t.ownerId ||
    user === t.openedBy ||
    supervisesTicket(config, user, t) ||
    isDirector(config, user) ||
    config.access.technicalLeads.includes(user) ||
    config.dataProtection.grantedUsers.includes(user)
  );
}

/** Owner or the department's supervisor (or a director) may act on a claimed ticket. */
export function mayHandle(config: DeskConfig, user: string, t: TicketRef): boolean {
  return user === t.ownerId || supervisesTicket(config, user, t) || isDirector(config, user);
}
