// Every workflow id, built from business keys, so a retried start finds the running workflow and the
// Web UI shows what a workflow is about. The only place these strings are made.

export const cohortWorkflowId = (cohortId: string): string => `cohort-${cohortId}`;

/** A participant's track; the id of the ParticipantTrack row is the enrolment's id. */
export const participantTrackWorkflowId = (trackId: string): string => `participant-${trackId}`;

export const companyTrackWorkflowId = (cohortId: string, cvr: string): string => `company-${cohortId}-${cvr}`;

/** The invitation of one company to one camp, a child of its company track. */
export const campInvitationWorkflowId = (campId: string, cvr: string): string => `camp-${campId}-${cvr}`;
