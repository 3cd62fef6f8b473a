/**
 * Telling a database failure from a bug. Only a failure of the database (the driver could not
 * reach a server, the server refused or failed the operation, or the work outlived the ack
 * budget) is answered "the database is unavailable, try again"; anything else is a fault of ours,
 * logged with its stack under a short reference that the user is shown.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { DeadlineError } from '../tickets/deadline.ts';

/**
 * Mongoose errors that describe data our code built (a bad cast, a failed validation, a strict
 * mode violation): these are bugs, not an unavailable database.
 */
const MONGOOSE_DATA_ERRORS = [
  mongoose.Error.CastError,
  mongoose.Error.ValidationError,
  mongoose.Error.ValidatorError,
  mongoose.Error.StrictModeError,
  mongoose.Error.StrictPopulateError,
  mongoose.Error.MissingSchemaError,
  mongoose.Error.OverwriteModelError,
] as const;

/** True for driver errors (MongoServerError, MongoNetworkError, MongoServerSelectionError, …),
 * mongoose's own connection errors (server selection, buffering timed out) and `DeadlineError`. */
export function isDatabaseError(err: unknown): boolean {
  if (err instanceof DeadlineError) return true;
  if (err instanceof mongoose.mongo.MongoError) return true;
  if (err instanceof mongoose.Error) {
    return !MONGOOSE_DATA_ERRORS.some((kind) => err instanceof kind);
  }
  return false;
}

/** A short reference shown to the user and written in the log line of an unexpected failure. */
export function failureRef(): string {
  return randomBytes(4).toString('hex');
}
