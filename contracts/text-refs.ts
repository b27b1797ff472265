// Free text about people (reasons, evidence references) is stored in PostgreSQL's FreeText table by
// the operation that receives it; messages carry the row's id (`reasonId`, `evidenceId`). Messages
// sent before that carried the text itself (`reason`, `evidenceRef`): running workflows may still
// receive them and recorded histories replay them, so a handler takes whichever is present. What a
// workflow keeps (a pause hold, an end reason) is this reference: the id, or for old messages the text.

export interface ReasonRef {
  /** The FreeText row holding the reason. */
  reasonId?: string;
  /** @deprecated the reason's text, as messages carried it before FreeText; accepted, never sent. */
  reason?: string;
}

export interface EvidenceRef {
  /** The FreeText row holding the evidence reference. */
  evidenceId?: string;
  /** @deprecated the reference's text, as messages carried it before FreeText; accepted, never sent. */
  evidenceRef?: string;
}

/** The reason's reference, or undefined when the message has none. */
export function reasonOf(input: ReasonRef | undefined): string | undefined {
  const ref = input?.reasonId ?? input?.reason;
  return typeof ref === 'string' && ref ? ref : undefined;
}

/** The evidence's reference, or undefined when the message has none. */
export function evidenceOf(input: EvidenceRef | undefined): string | undefined {
  const ref = input?.evidenceId ?? input?.evidenceRef;
  return typeof ref === 'string' && ref ? ref : undefined;
}
