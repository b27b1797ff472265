// Every workflow and its messages (signals, queries, updates). Clients import these definitions only.
export * from './participant-track.js';
export * from './participant-messages.js';
export * from './resend-email.js';
export * from './cohort.js';
export * from './cohort-messages.js';
export * from './company-messages.js';
export * from './camp-invitation.js';
export * from './company-track.js';
export * from './text-refs.js';
