// The messages of every workflow (signals, queries, updates, inputs and summaries), their ids, search
// attributes, rejections and retry policies: what workflows, activities and clients agree on. No I/O.
export * from './cohort.js';
export * from './company-track.js';
export * from './email-activity.js';
export * from './job-opening.js';
export * from './locale.js';
export * from './outcome-failures.js';
export * from './participant-track.js';
export * from './pause.js';
export * from './rejection.js';
export * from './search-attributes.js';
export * from './text-refs.js';
export * from './workflow-ids.js';
export * from './company-cooperation.js';
