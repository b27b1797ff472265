import { reject, REJECTION } from '../../contracts/rejection.js';

/** A validation rejection the workflow passes on to the caller of the update: non-retryable, with the field path. */
export const rejectTrack = (message: string, field: string) => reject(REJECTION.participantTrack, message, field);
