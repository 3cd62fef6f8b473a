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
  contact: 'ticket_contact',
  handOver: 'ticket_hand_over',
  customerEdit: 'customer_edit',
  /** The search modal opened from App Home (issue 18). */
  homeSearch: 'home_search',
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
  /** "Open a ticket" offered for a message (🎫 reaction or a mention of the bot). */
  ticketFromMessage: 'ticket_from_message',
  /** The assignee's answer to an automatic assignment (DM buttons). */
  assignAccept: 'ticket_assign_accept',
  assignDecline: 'ticket_assign_decline',
  contact: 'ticket_contact_open',
  confirmEmergency: 'ticket_emergency_confirm',
  handOver: 'ticket_hand_over_open',
  requestAccess: 'access_request',
  approveAccess: 'access_approve',
  rejectAccess: 'access_reject',
  editCustomer: 'customer_edit_open',
  // issue 18: card
  /** The card's overflow menu of secondary actions (each option stands for one of the ids above). */
  cardMore: 'ticket_card_more',
  /** The overflow menu on the card's second line (reassign, customer contact, handover). */
  cardPeople: 'ticket_card_people',
  /** A supervisor's "Assign to…" user select on an unclaimed card. */
  assignTo: 'ticket_assign_to',
  /** App Home's buttons (issue 18): open the intake form, open the search modal. */
  homeCreate: 'home_create_ticket',
  homeSearch: 'home_search_open',
  /** On an unclaimed ticket's alert to a supervisor: "Assign to…", a link to the card (issue 18). */
  noticeAssign: 'notice_assign_link',
} as const;

/**
 * The card's overflow menus: an option's value is `<action_id>|<ticket number>`, and a choice is
 * answered by the handler of that action id as if its button had been clicked (routing-table.ts).
 */
export const CARD_MENUS: readonly string[] = [ACTION.cardMore, ACTION.cardPeople];
const MENU_SEPARATOR = '|';

export function menuValue(actionId: string, value: string): string {
  return `${actionId}${MENU_SEPARATOR}${value}`;
}

/** The action id and value an overflow option stands for (null for anything else). */
export function menuChoice(value: string | undefined): { actionId: string; value: string } | null {
  const at = value?.indexOf(MENU_SEPARATOR) ?? -1;
  if (!value || at <= 0) return null;
  return { actionId: value.slice(0, at), value: value.slice(at + 1) };
}

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
  /** The short subject (概述); empty = derived from the description. */
  subject: 'subject',
  /** "Solved during the contact" (首问解决) and its result (shown once ticked). */
  solvedAtContact: 'solved_at_contact',
  contactResult: 'contact_result',
  /** "Contact person and preferences": ticked, the form shows those six optional fields. */
  moreDetails: 'more_details',
} as const;
export type IntakeField = (typeof INTAKE_FIELD)[keyof typeof INTAKE_FIELD];

export const BLOCK = {
  cardActions: 'card_actions',
  cardActions2: 'card_actions_more',
  formerCardActions: 'former_card_actions',
  notifiedActions: 'customer_notified_actions',
  // issue 18: card
  /** The card's second line (number, due, owner, first-contact agent). */
  cardLine: 'card_line',
  /** App Home's Create ticket / Search row (issue 18). */
  homeActions: 'home_actions',
  /** The query input of the Home search modal (issue 18). */
  homeSearchQuery: 'home_search_query',
  /** The buttons of an alert or DM about a ticket (issue 18). */
  noticeActions: 'notice_actions',
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

/** The customer contact log modal (issue 12). */
export const CONTACT_FIELD = {
  method: 'contact_method',
  summary: 'contact_summary',
  accepted: 'contact_accepted',
} as const;

/** Handing the first-contact agent's role to a colleague. */
export const HAND_OVER_FIELD = { agent: 'hand_over_agent', reason: 'hand_over_reason' } as const;

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
  /** Reached / not reached / refused / wrong number (issue 18), asked first. */
  outcome: 'survey_outcome',
} as const;

/** Knowledge base (issue 14): answers, standard replies, intake suggestions. */
export const KB_CALLBACK = {
  answer: 'kb_answer',
  reply: 'kb_reply',
  notice: 'kb_notice',
} as const;

export const KB_ACTION = {
  show: 'kb_show',
  publish: 'kb_publish',
  edit: 'kb_edit',
  retire: 'kb_retire',
  page: 'kb_page',
  /** On the card of a resolved ticket. */
  save: 'ticket_kb_save',
  /** On the card: fill a standard reply. */
  reply: 'ticket_kb_reply',
  /** The reply picker in the standard reply modal. */
  replyPick: 'kb_reply_pick',
  /** In the intake modal: look for answers to the description. */
  find: 'kb_find_answers',
  /** In the intake modal, on a suggested answer. */
  deflect: 'kb_deflect',
  /** App Home: a supervisor's new answer. */
  newAnswer: 'kb_new',
} as const;

export const KB_FIELD = {
  question: 'kb_question',
  phrasings: 'kb_phrasings',
  body: 'kb_body',
  steps: 'kb_steps',
  category: 'kb_category',
  keywords: 'kb_keywords',
  languages: 'kb_languages',
  reviewDue: 'kb_review_due',
} as const;

export const KB_BLOCK = {
  find: 'kb_find',
  /** Suggested answers in the intake modal start with this prefix (`kb_suggest_…`). */
  suggestPrefix: 'kb_suggest_',
  hitPrefix: 'kb_hit_',
  pages: 'kb_pages',
  replyPick: 'kb_reply_pick',
} as const;
