/**
 * Every action_id, callback_id and block_id, defined once and shared by builders, listeners and
 * tests. In modals the input's block_id names the field; its action_id is always `value`.
 */
export const CALLBACK = {
  intake: 'ticket_intake',
  /** The intake form once its ticket is stored (no inputs; closed with Done). */
  intakeCreated: 'ticket_intake_created',
  /** The intake form while its ticket is being stored (no inputs). */
  intakeSaving: 'ticket_intake_saving',
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
  customerEdit: 'customer_edit',
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
  requestAccess: 'access_request',
  approveAccess: 'access_approve',
  rejectAccess: 'access_reject',
  editCustomer: 'customer_edit_open',
} as const;

/** The supervisors' customer profile modal. */
export const CUSTOMER_FIELD = {
  name: 'customer_name',
  industry: 'customer_industry',
  tier: 'customer_tier',
  method: 'preferred_contact',
  hours: 'preferred_hours',
  tags: 'customer_tags',
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
  contactName: 'contact_name',
  contactRole: 'contact_role',
  industry: 'customer_industry',
  expectedBy: 'expected_by',
  preferredContact: 'preferred_contact',
  preferredHours: 'preferred_hours',
  /** Shown for a known customer with open tickets: add to one of them instead of opening a new one. */
  addTo: 'add_to_ticket',
  staffBehaviour: 'staff_behaviour',
} as const;
export type IntakeField = (typeof INTAKE_FIELD)[keyof typeof INTAKE_FIELD];

export const BLOCK = {
  cardActions: 'card_actions',
  cardActions2: 'card_actions_more',
  formerCardActions: 'former_card_actions',
  notifiedActions: 'customer_notified_actions',
} as const;

/** Workflow modals (progress, transfer, collaborators, escalate, resolve, reject, reopen, reassign). */
export const PROGRESS_FIELD = {
  stage: 'progress_stage',
  note: 'progress_note',
  nextStep: 'progress_next_step',
  plannedDate: 'progress_planned_date',
  customerNeeds: 'progress_customer_needs',
} as const;

export const TRANSFER_FIELD = {
  department: 'transfer_department',
  reason: 'transfer_reason',
} as const;

/** Up to COLLAB_ROWS rows of department / what is needed / by when. */
export const COLLAB_ROWS = 3;
export const collabField = (row: number) =>
  ({
    department: `collab_department_${row}`,
    need: `collab_need_${row}`,
    dueDate: `collab_due_${row}`,
  }) as const;

export const ESCALATE_FIELD = {
  level: 'escalate_level',
  major: 'escalate_major',
  reason: 'escalate_reason',
} as const;

export const RESOLVE_FIELD = {
  summary: 'resolve_summary',
  rootCause: 'resolve_root_cause',
  type: 'resolve_type',
  compensation: 'resolve_compensation',
  declineReason: 'resolve_decline_reason',
  major: 'resolve_major',
  keywords: 'resolve_keywords',
  completedAt: 'resolve_completed_at',
} as const;

export const REASON_FIELD = { reason: 'reason' } as const;

export const REASSIGN_FIELD = { owner: 'reassign_owner', reason: 'reassign_reason' } as const;

/** Satisfaction survey modal (scheduled work: follow-up). */
export const SURVEY_FIELD = {
  overall: 'survey_overall',
  satisfaction: 'survey_satisfaction',
  responseSpeed: 'survey_response_speed',
  problemSolving: 'survey_problem_solving',
  serviceAttitude: 'survey_service_attitude',
  processClarity: 'survey_process_clarity',
  result: 'survey_result',
  solved: 'survey_solved',
  suggestions: 'survey_suggestions',
} as const;
