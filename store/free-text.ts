// Free text that may be about a person (reasons, evidence references) lives in the FreeText table;
// workflows, search attributes and the audit log carry the row's id only. The operations store the
// text before they message a workflow; activities and read paths turn ids back into text.
import type { Db, Prisma } from '../prisma/client.js';

export type FreeTextKind =
  | 'pause-reason'
  | 'drop-out-reason'
  | 'transfer-reason'
  | 'close-reason'
  | 'withdrawal-reason'
  | 'camp-move-reason'
  | 'camp-cancel-reason'
  | 'terminate-reason'
  | 'outcome-evidence'
  | 'problem-report'
  | 'anchoring-note'
  | 'claim-rejection-reason';

export interface FreeTextInput {
  kind: FreeTextKind;
  /** The record the text belongs to: `ParticipantTrack`, `CompanyTrack`, `Cohort`, `Camp`. */
  entity: string;
  entityId: string;
  text: string;
}

/** Stores the text and answers its id, the only thing a workflow message may carry. */
export async function storeFreeText(db: Db | Prisma.TransactionClient, input: FreeTextInput): Promise<string> {
  const row = await db.freeText.create({ data: input, select: { id: true } });
  return row.id;
}

/** Stores the text when there is one (an optional reason); undefined otherwise. */
export async function storeOptionalFreeText(db: Db, input: Omit<FreeTextInput, 'text'> & { text?: string }): Promise<string | undefined> {
  return input.text?.trim() ? storeFreeText(db, { ...input, text: input.text }) : undefined;
}

/**
 * The texts of references a workflow kept (pause holds, end reasons), in their order. A reference
 * that is no FreeText id is text from a message sent before FreeText, shown as it is.
 */
export async function freeTexts(db: Db, refs: readonly string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const rows = await db.freeText.findMany({ where: { id: { in: [...new Set(refs)] } }, select: { id: true, text: true } });
  const byId = new Map(rows.map((r) => [r.id, r.text]));
  return refs.map((ref) => byId.get(ref) ?? ref);
}

/** One reference's text (see freeTexts). */
export async function freeText(db: Db, ref: string): Promise<string> {
  return (await freeTexts(db, [ref]))[0]!;
}

/**
 * A participant track's end reason as words: the FreeText reference resolved, also inside a
 * transfer's `transferred to partnership <id>: <reasonId>`; other end reasons (set by the workflow
 * itself) are words already.
 */
export async function endReasonText(db: Db, endReason: string): Promise<string> {
  const transfer = /^(transferred to partnership \S+: )([\s\S]*)$/.exec(endReason);
  return transfer ? `${transfer[1]!}${await freeText(db, transfer[2]!)}` : freeText(db, endReason);
}
