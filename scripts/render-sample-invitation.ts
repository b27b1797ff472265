// Writes a sample camp invitation as the companies receive it: the plain-text and HTML bodies and the
// calendar event it carries (docs/sample-invitation.txt, .html, .ics). Rendered with the real
// templates and the real iCalendar code, from example data only. Run: npx tsx scripts/render-sample-invitation.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDays } from '../activities/company/dates.js';
import { campCalendarDescription } from '../activities/company/invitations.js';
import { rsvpToken } from '../links/rsvp-token.js';
import { campEvent } from '../activities/mail/ics.js';
import { renderMail } from '../activities/mail/render.js';
import { CAMP_HOURS, planBootCamp } from '../domain/camp-plan.js';

const programme = 'Social inklusion gennem vækstpartnerskaber';
const cohortId = 'klynge-1-2027';
const company = {
  id: 'sample-company',
  name: 'Eksempel Trykkeri Kolding ApS',
  contactName: 'Tove Tryk',
  contactEmail: 'tove@trykkeri-kolding.example.dk',
};
const organizer = { name: 'Karen Koordinator', email: 'koordinator@dobbeltspor.example.dk' };
// The company's contact person: the employment actor of its partnership (Reply-To and ORGANIZER).
const contact = { name: 'Kim Kristensen', email: 'kim@indslusning-kolding.example.dk', organisation: 'Eksempel Indslusning Kolding' };
const location = 'Kolding, Eksempel Konferencecenter';
const bootCamp = planBootCamp({
  cohortId,
  year: 2027,
  plan: {
    bootCamp: { month: 11, days: 2, location },
    campReminderWorkingDays: [14, 2],
    invitationLeadWeeks: 6,
    accelerator: { length: { months: 12 }, campEveryWeeks: 7 },
    milestones: [],
    anchoring: { checksAtMonths: [2, 4, 6] },
    problemReportEscalationWorkingDays: 1,
  },
});
const hours = CAMP_HOURS.BOOT_CAMP;
const rsvpUrl = `https://dobbeltspor.example.dk/rsvp/${rsvpToken('sample-secret-not-used-anywhere', bootCamp.id, company.id)}`;

const mail = renderMail('camp-invitation', 'da', {
  programme,
  name: company.contactName,
  companyName: company.name,
  campTitle: 'Bootcamp',
  dates: formatDays(bootCamp.days, 'da'),
  startTime: hours.start,
  endTime: hours.end,
  location,
  updated: false,
  yesUrl: `${rsvpUrl}?answer=yes`,
  noUrl: `${rsvpUrl}?answer=no`,
  feedbackUrl: `${rsvpUrl}/feedback`,
  organizer: organizer.name,
  contactName: contact.name,
  contactEmail: contact.email,
  contactOrganisation: contact.organisation,
});
const ics = campEvent({
  uid: `${bootCamp.id}@dobbeltspor`,
  sequence: 0,
  method: 'REQUEST',
  title: `${programme}: Bootcamp`,
  description: campCalendarDescription('Bootcamp', programme, 'da', rsvpUrl, contact),
  location,
  days: bootCamp.days,
  startTime: hours.start,
  endTime: hours.end,
  organizer: contact,
  attendee: { name: company.contactName, email: company.contactEmail },
  url: rsvpUrl,
  stamp: new Date('2027-09-01T08:00:00Z'),
});

const out = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));
const structure = [
  'multipart/mixed',
  '  multipart/alternative',
  '    text/plain; charset=utf-8',
  '    text/html; charset=utf-8',
  '    text/calendar; charset=utf-8; method=REQUEST   (the meeting request Outlook and Gmail show)',
  '  application/ics; attachment invite.ics            (the same event for every other client)',
].join('\n');
writeFileSync(
  out('sample-invitation.txt'),
  `To: ${company.contactName} <${company.contactEmail}>\nReply-To: ${contact.name} <${contact.email}>\nSubject: ${mail.subject}\n\n` +
    `MIME structure:\n${structure}\n\n${mail.text}`,
);
writeFileSync(out('sample-invitation.html'), mail.html);
writeFileSync(out('sample-invitation.ics'), ics);
console.log(`wrote docs/sample-invitation.txt, .html and .ics (${bootCamp.days.join(' and ')})`);
