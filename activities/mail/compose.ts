// How an outbox row becomes a message: the fields nodemailer is given. A calendar event (an
// attachment whose content type names an iTIP method) goes out as nodemailer's `icalEvent`, which
// puts it twice into the message: as the `text/calendar; method=…` part of multipart/alternative,
// which Outlook and Gmail read as a meeting request or cancellation, and as an invite.ics
// attachment for every other client.
import type Mail from 'nodemailer/lib/mailer/index.js';

export interface StoredAttachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface StoredMail {
  toAddress: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  attachments: unknown;
}

const ITIP_METHOD = /;\s*method=([A-Za-z-]+)/i;

export function composeMail(row: StoredMail, from: string, messageId: string): Mail.Options {
  const attachments = (row.attachments as StoredAttachment[] | null) ?? [];
  const calendar = attachments.find((a) => a.contentType.toLowerCase().startsWith('text/calendar') && ITIP_METHOD.test(a.contentType));
  return {
    from,
    to: row.toAddress,
    ...(row.replyTo ? { replyTo: row.replyTo } : {}),
    subject: row.subject,
    text: row.text,
    html: row.html,
    messageId,
    ...(calendar
      ? {
          icalEvent: {
            method: ITIP_METHOD.exec(calendar.contentType)![1]!.toUpperCase(),
            filename: calendar.filename,
            content: calendar.content,
          },
        }
      : {}),
    attachments: attachments
      .filter((a) => a !== calendar)
      .map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  };
}
