/**
 * Customers as records (CRM template): a system-assigned ID, the customer (company or person), its
 * contact persons with role and phones, industry, tier, preferred contact method and hours, tags.
 * `matchKey` is the first way the customer was known (`phone:…`, `email:…`, `id:…`): its unique index
 * makes two intakes of the same new customer at once create one record (the loser finds the winner's).
 */
import { type Connection, type InferSchemaType, Schema } from 'mongoose';

const contactSchema = new Schema(
  {
    name: { type: String, default: '' },
    role: { type: String, default: '' },
    phones: { type: [String], default: [] },
    email: { type: String, default: '' },
  },
  { _id: false },
);

const customerSchema = new Schema(
  {
    customerId: { type: String, required: true },
    matchKey: { type: String, required: true },
    name: { type: String, default: '' },
    contacts: { type: [contactSchema], default: [] },
    /** Every normalised phone and lower-cased email of the customer and its contacts (look-up). */
    phones: { type: [String], default: [] },
    emails: { type: [String], default: [] },
    industry: { type: String, default: '' },
    tier: { type: String, required: true },
    preferredContact: {
      method: { type: String, default: '' },
      hours: { type: String, default: '' },
    },
    tags: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, default: '' },
    updatedAt: Date,
    /** Contact details removed under the retention rule (the record and its statistics stay). */
    anonymisedAt: Date,
  },
  { minimize: false },
);
customerSchema.index({ customerId: 1 }, { unique: true });
customerSchema.index({ matchKey: 1 }, { unique: true });
customerSchema.index({ phones: 1 });
customerSchema.index({ emails: 1 });

export type CustomerFields = InferSchemaType<typeof customerSchema>;

export function customerModels(conn: Connection) {
  return { Customer: conn.model('Customer', customerSchema) };
}
