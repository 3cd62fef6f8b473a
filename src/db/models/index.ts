import type { Connection } from 'mongoose';
import { accessModels } from './access.ts';
import { customerModels } from './customer.ts';
import { kbModels } from './kb.ts';
import { supportModels } from './support.ts';
import { ticketModel } from './ticket.ts';

/** Every model bound to one connection (several app instances can live in one process in tests). */
export function createModels(conn: Connection) {
  return {
    Ticket: ticketModel(conn),
    ...supportModels(conn),
    ...kbModels(conn),
    ...accessModels(conn),
    ...customerModels(conn),
  };
}
export type Models = ReturnType<typeof createModels>;

/** Builds the declared indexes (the test server and fresh databases need them before the first write). */
export async function ensureIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((m) => m.init()));
}
export type { AccessGrantFields } from './access.ts';
export type { CustomerFields } from './customer.ts';
export type { KbAnswerFields, KbDeflectionFields } from './kb.ts';
export type { HistoryEntry, TicketDoc, TicketFields, TicketModel } from './ticket.ts';
