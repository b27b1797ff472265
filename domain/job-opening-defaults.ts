// Defaults of a programme's job openings that workflow code needs. Apart from domain/programme.ts so
// workflows do not import zod: every workflow evaluates the bundle's modules again, and programme.ts
// builds its schemas when it is evaluated.

/** A job-match programme without `jobOpenings.answerWithinWorkingDays` (and an opening begun before it) gives the company this many. */
export const DEFAULT_ANSWER_WITHIN_WORKING_DAYS = 5;
