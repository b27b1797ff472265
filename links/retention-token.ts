import { linkUrl, signLink, verifyLink } from './signed-link.js';

/**
 * The support person's personal link to answer a retention follow-up: the participant track's id and
 * the follow-up's week, signed with LINK_SECRET under a purpose of its own (no RSVP or anchoring token
 * passes for one). Ids only: names are read from the database when the link is opened.
 */
export function retentionToken(secret: string, trackId: string, weeks: number): string {
  return signLink(secret, 'retention', [trackId, weeks]);
}

export function verifyRetentionToken(secret: string, token: string): { trackId: string; weeks: number } {
  const [trackId, weeks] = verifyLink(secret, 'retention', token, ['string', 'integer'], 'the answer link');
  return { trackId: trackId as string, weeks: weeks as number };
}

/** Where the link leads: a page of the API (client/api/retention-link-routes.ts). */
export function retentionAnswerUrl(publicBaseUrl: string, token: string): string {
  return linkUrl(publicBaseUrl, 'fastholdelse/', token);
}
