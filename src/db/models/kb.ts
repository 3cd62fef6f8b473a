/**
 * Knowledge base (issue 14): answers, the log of their use (and of standard replies, suggestions
 * and searches that found nothing) for the reports, and requests answered from the knowledge base
 * (deflections), each a closed record with its own ticket number.
 */
import { type Connection, type InferSchemaType, Schema } from 'mongoose';
import { KB_STATUSES } from '../../domain/kb.ts';

const answerSchema = new Schema(
  {
    question: { type: String, required: true },
    phrasings: { type: [String], default: [] },
    /** The answer as mrkdwn (user text: escaped when drawn). */
    body: { type: String, required: true },
    steps: { type: [String], default: [] },
    categoryId: { type: String, required: true },
    keywords: { type: [String], default: [] },
    languages: { type: [String], default: [] },
    departmentId: { type: String, required: true },
    status: { type: String, enum: KB_STATUSES, required: true, default: 'draft' },
    reviewDue: Date,
    sourceTickets: { type: [String], default: [] },
    /** Search tokens (src/domain/kb.ts answerTokens). */
    tokens: { type: [String], default: [] },
    uses: { type: Number, default: 0 },
    createdBy: { type: String, required: true },
    updatedBy: String,
    publishedBy: String,
    publishedAt: Date,
    /** Bumped by every edit: edits and publishing are conditional on the version read. */
    version: { type: Number, default: 1 },
    /**
     * Unique idempotency key: `seed:<id>` for the config's seed answers (stored once), `form:<view id>`
     * for an answer from a form (a redelivered submission is one answer), else `id:<_id>`.
     */
    key: { type: String, required: true },
  },
  { timestamps: true, minimize: false },
);
answerSchema.index({ tokens: 1 });
answerSchema.index({ status: 1, categoryId: 1 });
answerSchema.index({ status: 1, reviewDue: 1 });
answerSchema.index({ createdAt: 1 });
answerSchema.index({ key: 1 }, { unique: true });

/** One use: an answer shown in full or used to answer, a standard reply filled, a search that found nothing. */
const kbEventSchema = new Schema(
  {
    at: { type: Date, required: true },
    kind: { type: String, enum: ['answer_used', 'reply_used', 'no_match'], required: true },
    by: { type: String, required: true },
    answerId: { type: Schema.Types.ObjectId },
    replyId: String,
    categoryId: String,
    departmentId: String,
    /** For no_match: the query's tokens (frequent keywords where no answer matched). */
    tokens: { type: [String], default: undefined },
  },
  { minimize: false },
);
kbEventSchema.index({ at: 1, kind: 1 });

/** A request answered from the knowledge base: closed at once, with its own number. */
const deflectionSchema = new Schema(
  {
    number: { type: String, required: true },
    kind: { type: String, default: 'deflected' },
    status: { type: String, default: 'closed' },
    answerId: { type: Schema.Types.ObjectId, required: true },
    question: { type: String, required: true },
    categoryId: { type: String, required: true },
    departmentId: { type: String, required: true },
    contactChannelId: { type: String, required: true },
    customer: {
      name: { type: String, default: '' },
      customerId: { type: String, default: '' },
      phone: { type: String, default: '' },
      email: { type: String, default: '' },
    },
    description: { type: String, default: '' },
    openedBy: { type: String, required: true },
    openedAt: { type: Date, required: true },
    closedAt: { type: Date, required: true },
    /** The intake form's view id + answer: a double click records one deflection. */
    key: { type: String, required: true },
  },
  { minimize: false },
);
deflectionSchema.index({ number: 1 }, { unique: true });
deflectionSchema.index({ key: 1 }, { unique: true });
deflectionSchema.index({ openedAt: 1 });

export type KbAnswerFields = InferSchemaType<typeof answerSchema>;
export type KbDeflectionFields = InferSchemaType<typeof deflectionSchema>;

export function kbModels(conn: Connection) {
  return {
    KbAnswer: conn.model('KbAnswer', answerSchema),
    KbEvent: conn.model('KbEvent', kbEventSchema),
    KbDeflection: conn.model('KbDeflection', deflectionSchema),
  };
}
