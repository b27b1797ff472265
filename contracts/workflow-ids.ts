// Every workflow id, built from business keys, so a retried start finds the running workflow and the
// Web UI shows what a workflow is about. The only place these strings are made.

export const cohortWorkflowId = (cohortId: string): string => `cohort-${cohortId}`;

/** A participant's track; the id of the ParticipantTrack row is the enrolment's id. */
export const participantTrackWorkflowId = (trackId: string): string => `participant-${trackId}`;

export const companyTrackWorkflowId = (cohortId: string, cvr: string): string => `company-${cohortId}-${cvr}`;

/** The invitation of one company to one camp, a child of its company track. */
export const campInvitationWorkflowId = (campId: string, cvr: string): string => `camp-${campId}-${cvr}`;

/** One company's job opening (housing job-match, IPS job development); the JobOpening row's id. */
export const jobOpeningWorkflowId = (openingId: string): string => `job-opening-${openingId}`;

/** The e-mail that gives a company of a cohort its link to register job openings. */
export const jobOpeningInvitationWorkflowId = (cohortId: string, cvr: string): string => `job-opening-invitation-${cohortId}-${cvr}`;

/** A company's cooperation in a partnership of a programme without an accelerator (the light company track). */
export const companyCooperationWorkflowId = (partnershipId: string, cvr: string): string => `cooperation-${partnershipId}-${cvr}`;
