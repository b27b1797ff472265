import { describe, expect, it } from 'vitest';
import { renderMail, templateNames } from '../activities/mail/render.js';
import { LOCALES } from '../contracts/locale.js';

// The values each sending activity provides (activities/company/invitations.ts and track.ts): every
// company-track template must render in both languages from exactly these, in Handlebars strict mode.
const campMail = {
  programme: 'Vækstpartnerskaber',
  name: 'Tove Tryk',
  companyName: 'Eksempel Trykkeri ApS',
  campTitle: 'Camp 3',
  dates: 'mandag den 21. februar 2028',
  startTime: '09:00',
  endTime: '15:00',
  location: 'Kolding',
  updated: true,
  yesUrl: 'https://x/rsvp/t?answer=yes',
  noUrl: 'https://x/rsvp/t?answer=no',
  feedbackUrl: 'https://x/rsvp/t/feedback',
  organizer: 'Karen Koordinator',
  contactName: 'Kim Kontakt',
  contactEmail: 'kim@ea.dk',
  contactOrganisation: 'Eksempel Indslusning',
};
const coordinatorList = {
  programme: 'Vækstpartnerskaber',
  name: 'Karen',
  campTitle: 'Camp 3',
  dates: 'mandag den 21. februar 2028',
  companies: ['A (CVR 1)', 'B (CVR 2)'],
  count: 2,
};
const noShow = {
  programme: 'Vækstpartnerskaber',
  name: 'Karen',
  campTitle: 'Camp 3',
  dates: 'mandag den 21. februar 2028',
  companyName: 'A',
  cvr: '12345678',
  contactName: 'Tove',
  contactEmail: 'tove@a.dk',
};
const companyBase = {
  programme: 'Vækstpartnerskaber',
  name: 'Tove Tryk',
  companyName: 'A',
  cvr: '12345678',
  companyContact: 'Tove <tove@a.dk>',
  employmentActor: 'Eksempel Indslusning',
  employmentActorContact: 'Kim <kim@ea.dk>',
  description: 'Borgeren er ikke mødt <i tre dage>.',
};
const DATA: Record<string, Record<string, unknown>> = {
  'camp-invitation': campMail,
  'camp-cancellation': campMail,
  'camp-withdrawal': campMail,
  'camp-reminder': campMail,
  'camp-nudge': campMail,
  'camp-follow-up': campMail,
  'camp-non-responders': coordinatorList,
  'camp-attendance-due': coordinatorList,
  'camp-no-show': noShow,
  'company-selected': { ...companyBase, startsOn: '2028-01-03' },
  'company-not-selected': companyBase,
  'company-milestone-reminder': { ...companyBase, milestone: 'Buddies trænet', dueOn: '2028-07-03' },
  'company-milestone-overdue': { ...companyBase, milestone: 'Buddies trænet', dueOn: '2028-07-03' },
  'company-anchoring-check': {
    ...companyBase,
    checkNo: 1,
    monthsAfterEnd: 2,
    answerBy: '2029-03-09',
    reminder: false,
    answerUrl: 'https://x/rsvp/forankring/t',
  },
  'company-anchoring-status': { ...companyBase, status: 'ANCHORED' },
  'company-problem-report': { ...companyBase, acknowledgeBy: '2028-08-02' },
  'company-problem-escalation': { ...companyBase, reportedOn: '2028-08-01' },
  // The cooperation's mails (activities/company-cooperation.ts), to companies outside an accelerator and their employment actor.
  'company-problem-reminder': { ...companyBase, reportedOn: '2028-08-01', acknowledgeBy: '2028-08-02', escalateOn: '2028-08-03' },
  'company-cooperation-check': {
    ...companyBase,
    checkNo: 1,
    weeks: 3,
    reason: 'START',
    afterHire: false,
    answerUrl: 'https://x/rsvp/samarbejde/t',
  },
  'company-overdue-digest': {
    ...companyBase,
    selectedOn: '2028-11-30',
    count: 2,
    milestones: ['Buddies trænet (2028-07-03)', 'Social model (2028-10-02)'],
  },
};

describe('company track e-mail templates', () => {
  it('every camp-* and company-* template has its data set here', () => {
    expect(
      templateNames()
        .filter((n) => /^(camp|company)-/.test(n))
        .sort(),
    ).toEqual(Object.keys(DATA).sort());
  });

  for (const [template, data] of Object.entries(DATA)) {
    it.each(LOCALES)(`${template} renders in %s with the activity's values, HTML-escaped`, (locale) => {
      const mail = renderMail(template, locale, data);
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.text).toContain(String(data.name));
      expect(mail.html).toContain('<!doctype html>');
      expect(mail.html).not.toContain('<i tre dage>');
    });
  }

  it("the company's anchoring check carries its answer link; the employment actor's copy points to the contact person", () => {
    const company = renderMail('company-anchoring-check', 'da', DATA['company-anchoring-check']!);
    expect(company.text).toContain('Svar her senest 2029-03-09: https://x/rsvp/forankring/t');
    expect(company.html).toContain('<a href="https://x/rsvp/forankring/t">');
    expect(company.text).not.toContain('Svar din kontaktperson');
    const actor = renderMail('company-anchoring-check', 'da', { ...DATA['company-anchoring-check']!, answerUrl: '' });
    expect(actor.text).toContain('Svar din kontaktperson eller koordinatoren senest 2029-03-09.');
    expect(actor.text).not.toContain('forankring/');
  });

  it('an English invitation speaks English', () => {
    const mail = renderMail('camp-invitation', 'en', { ...campMail, updated: false, dates: 'Monday 21 February 2028' });
    expect(mail.subject).toBe('Vækstpartnerskaber: Camp 3 Monday 21 February 2028');
    expect(mail.text).toContain('Yes, we will come: https://x/rsvp/t?answer=yes');
  });
});
