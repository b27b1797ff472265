// Every workflow, for the worker's bundle and for clients that start them by function. Their
// messages live in contracts/.
export * from './participant-track.js';
export * from './resend-email.js';
export * from './cohort.js';
export * from './camp-invitation.js';
export * from './company-track.js';
export * from './job-opening.js';
export * from './job-opening-invitation.js';
export * from './company-cooperation.js';
