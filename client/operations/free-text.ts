// The operations' side of FreeText: the text is written before the workflow is messaged, and removed
// again when the workflow refuses, so a refused request leaves nothing behind.
import { freeTexts, storeFreeText, type FreeTextInput } from '../../store/free-text.js';
import type { Db } from '../../prisma/client.js';

/**
 * Stores the text, hands its id to `call` (which messages the workflow) and answers what `call`
 * answers. When `call` fails with an error `refused` recognises (a rejection, an ended workflow), the
 * text is deleted again; any other failure keeps it, since the workflow may have taken the id.
 */
export async function withFreeText<T>(
  db: Db,
  input: FreeTextInput,
  call: (id: string) => Promise<T>,
  refused: (e: unknown) => boolean,
): Promise<T> {
  const id = await storeFreeText(db, input);
  try {
    return await call(id);
  } catch (e) {
    if (refused(e)) await db.freeText.delete({ where: { id } }).catch(() => undefined);
    throw e;
  }
}

/** withFreeText for an optional text: without one, `call` gets no id and nothing is stored. */
export function withOptionalFreeText<T>(
  db: Db,
  input: Omit<FreeTextInput, 'text'> & { text?: string },
  call: (id: string | undefined) => Promise<T>,
  refused: (e: unknown) => boolean,
): Promise<T> {
  const text = input.text;
  return text?.trim() ? withFreeText(db, { ...input, text }, call, refused) : call(undefined);
}

/** A cohort summary with its pause reason's text (the workflow keeps the FreeText id). */
export async function withPauseReasonText<T extends { pauseReason?: string }>(db: Db, summary: T): Promise<T> {
  return summary.pauseReason ? { ...summary, pauseReason: (await freeTexts(db, [summary.pauseReason]))[0] } : summary;
}
