/**
 * Every action_id, callback_id and block_id, defined once and shared by builders, listeners and
 * tests. In modals the input's block_id names the field; its action_id is always `value`.
 */
export const CALLBACK = {
  intake: 'ticket_intake',
  createTicketShortcut: 'create_ticket',
  progress: 'ticket_progress',
  transfer: 'ticket_transfer',
  collaborators: 'ticket_collaborators',
  escalate: 'ticket_escalate',
  resolve: 'ticket_resolve',
  reopen: 'ticket_reopen',
  reassign: 'ticket_reassign',
  reject: 'ticket_reject',
  survey: 'ticket_survey',
} as const;

export const ACTION = {
  claim: 'ticket_claim',
  details: 'ticket_details',
  progress: 'ticket_progress_open',
  transfer: 'ticket_transfer_open',
  collaborators: 'ticket_collaborators_open',
  escalate: 'ticket_escalate_open',
  resolve: 'ticket_resolve_open',
  reassign: 'ticket_reassign_open',
  reopen: 'ticket_reopen_open',
  approve: 'ticket_approve',
  reject: 'ticket_reject_open',
  customerNotified: 'ticket_customer_notified',
  acknowledge: 'ticket_collab_ack',
  snooze: 'ticket_snooze',
  askHelp: 'ticket_ask_help',
  survey: 'ticket_survey_open',
  digestRefresh: 'digest_refresh',
} as const;

/** The value of every input in our modals uses this action_id. */
export const INPUT_ACTION = 'value';

export const INTAKE_FIELD = {
  customerName: 'customer_name',
  customerId: 'customer_id',
  phone: 'customer_phone',
  email: 'customer_email',
  company: 'customer_company',
  keyAccount: 'key_account',
  contactChannel: 'contact_channel',
  requestType: 'request_type',
  category: 'category',
  description: 'description',
  desiredOutcome: 'desired_outcome',
  urgency: 'urgency',
  urgencyReason: 'urgency_reason',
  impact: 'impact',
  orderNumber: 'order_number',
  keywords: 'keywords',
} as const;
export type IntakeField = (typeof INTAKE_FIELD)[keyof typeof INTAKE_FIELD];

export const BLOCK = {
  cardActions: 'card_actions',
  cardActions2: 'card_actions_more',
} as const;
