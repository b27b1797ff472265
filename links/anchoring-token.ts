import { linkUrl, signLink, verifyLink } from './signed-link.js';

/**
 * The company's personal link to answer an anchoring check: the company track's id and the check's
 * number, signed with LINK_SECRET under a purpose of its own (an RSVP token is no anchoring token).
 * The same check always gets the same link, so the reminder carries the link of the first mail.
 */
export function anchoringToken(secret: string, companyTrackId: string, checkNo: number): string {
  return signLink(secret, 'anchoring', [companyTrackId, checkNo]);
}

export function verifyAnchoringToken(secret: string, token: string): { companyTrackId: string; checkNo: number } {
  const [companyTrackId, checkNo] = verifyLink(secret, 'anchoring', token, ['string', 'integer'], 'the answer link');
  return { companyTrackId: companyTrackId as string, checkNo: checkNo as number };
}

/** Where the link leads: a page of the API (client/api/anchoring-link-routes.ts). */
export function anchoringAnswerUrl(publicBaseUrl: string, token: string): string {
  return linkUrl(publicBaseUrl, 'forankring/', token);
}

/**
 * When the link stops working: as many days after the check's day as a camp's links work after
 * the camp (LINK_DAYS_AFTER_CAMP), judged when it is used, so it follows a check moved by a pause.
 */
export function anchoringLinkExpiresAt(checkOn: string, daysAfterCheck: number): Date {
  return new Date(Date.parse(`${checkOn}T23:59:59Z`) + daysAfterCheck * 86_400_000);
}
