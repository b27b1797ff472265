import { linkUrl, signLink, verifyLink } from './signed-link.js';

/**
 * The company's personal link in a cooperation's follow-up check: the CompanyCooperation row's id and
 * the check's number, signed with LINK_SECRET under a purpose of its own (no other link passes for
 * one). Ids only: the company's name is read from the database when the link is opened.
 */
export function cooperationCheckToken(secret: string, cooperationId: string, checkNo: number): string {
  return signLink(secret, 'cooperation-check', [cooperationId, checkNo]);
}

export function verifyCooperationCheckToken(secret: string, token: string): { cooperationId: string; checkNo: number } {
  const [cooperationId, checkNo] = verifyLink(secret, 'cooperation-check', token, ['string', 'integer'], 'the follow-up link');
  return { cooperationId: cooperationId as string, checkNo: checkNo as number };
}

/** Where the link leads: a page of the API (client/api/cooperation-link-routes.ts). */
export function cooperationCheckUrl(publicBaseUrl: string, token: string): string {
  return linkUrl(publicBaseUrl, 'samarbejde/', token);
}
