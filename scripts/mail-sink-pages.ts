// The mail sink's web pages: enough to check a message as its recipient would see it, and as a
// mail client would receive it. Read only; every page is built from the kept messages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReceivedMail } from './mail-sink.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem 2rem;color:#1d2430}a{color:#0b5cad}
td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}th{white-space:nowrap}
nav a{margin-right:1rem}iframe{width:100%;height:60vh;border:1px solid #ccc}pre{white-space:pre-wrap;background:#f6f7f9;padding:1rem;border:1px solid #ddd}`;

function html(res: ServerResponse, title: string, body: string, refresh = false): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html lang="en"><meta charset="utf-8">${refresh ? '<meta http-equiv="refresh" content="5">' : ''}<title>${escape(title)}</title><style>${STYLE}</style>${body}</html>`,
  );
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
}

const addresses = (a: ReceivedMail['parsed']['to']) =>
  a
    ? [a]
        .flat()
        .map((x) => x.text)
        .join(', ')
    : '';

function summary(mail: ReceivedMail, id: number) {
  const p = mail.parsed;
  return {
    id,
    receivedAt: mail.receivedAt.toISOString(),
    envelopeTo: mail.envelopeTo,
    from: addresses(p.from),
    to: addresses(p.to),
    subject: p.subject ?? '',
    messageId: p.messageId ?? null,
    attachments: p.attachments.map((a, n) => ({ n, filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
    links: { page: `/messages/${id}`, raw: `/messages/${id}/raw`, html: `/messages/${id}/html`, text: `/messages/${id}/text` },
  };
}

function list(messages: ReceivedMail[], res: ServerResponse): void {
  const rows = messages
    .map((mail, i) => ({ mail, i }))
    .reverse()
    .map(
      ({ mail, i }) =>
        `<tr><td>${escape(mail.receivedAt.toISOString())}</td><td>${escape(mail.envelopeTo.join(', '))}</td><td><a href="/messages/${i}">${escape(mail.parsed.subject ?? '(no subject)')}</a></td><td>${mail.parsed.attachments.map((a, n) => `<a href="/messages/${i}/attachments/${n}">${escape(a.filename ?? a.contentType)}</a>`).join(', ')}</td></tr>`,
    )
    .join('');
  html(
    res,
    'Mail sink',
    `<h1>Mail sink (${messages.length})</h1><p>JSON: <a href="/api/messages">/api/messages</a></p><table><tr><th>received</th><th>to</th><th>subject</th><th>attachments</th></tr>${rows}</table>`,
    true,
  );
}

function message(mail: ReceivedMail, id: number, res: ServerResponse): void {
  const p = mail.parsed;
  const main = [
    ['From', addresses(p.from)],
    ['To', addresses(p.to)],
    ['Cc', addresses(p.cc)],
    ['Reply-To', addresses(p.replyTo)],
    ['Subject', p.subject ?? ''],
    ['Date', p.date?.toISOString() ?? ''],
    ['Message-ID', p.messageId ?? ''],
    ['Envelope to', mail.envelopeTo.join(', ')],
  ]
    .filter(([, v]) => v)
    .map(([k, v]) => `<tr><th>${k}</th><td>${escape(v!)}</td></tr>`)
    .join('');
  const all = p.headerLines.map((h) => escape(h.line)).join('\n');
  const attachments = p.attachments.length
    ? `<h2>Attachments</h2><ul>${p.attachments.map((a, n) => `<li><a href="/messages/${id}/attachments/${n}" download="${escape(a.filename ?? `attachment-${n}`)}">${escape(a.filename ?? `attachment ${n}`)}</a> (${escape(a.contentType)}, ${a.size} bytes)</li>`).join('')}</ul>`
    : '';
  const body =
    typeof p.html === 'string'
      ? `<h2>HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" src="/messages/${id}/html" title="HTML body"></iframe>`
      : '';
  html(
    res,
    p.subject ?? 'message',
    `<nav><a href="/">← all mail</a><a href="/messages/${id}/raw">Raw source</a><a href="/messages/${id}/text">Text</a>${typeof p.html === 'string' ? `<a href="/messages/${id}/html">HTML</a>` : ''}</nav>
<h1>${escape(p.subject ?? '(no subject)')}</h1><table>${main}</table>
<details><summary>All headers</summary><pre>${all}</pre></details>${attachments}${body}
<h2>Text</h2><pre>${escape(p.text ?? '')}</pre>`,
  );
}

/** Answers one request of the sink's web server. */
export function mailSinkPage(messages: ReceivedMail[], req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://sink').pathname;
  if (path === '/') return list(messages, res);
  if (path === '/api/messages') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify(messages.map(summary)));
  }
  const m = /^\/messages\/(\d+)(?:\/(raw|html|text|attachments\/(\d+)))?$/.exec(path);
  const mail = m ? messages[Number(m[1])] : undefined;
  if (!m || !mail) return notFound(res);
  const id = Number(m[1]);
  switch (m[2]) {
    case undefined:
      return message(mail, id, res);
    case 'raw':
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `inline; filename="message-${id}.eml"` });
      return void res.end(mail.raw);
    case 'text':
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(mail.parsed.text ?? '');
    case 'html':
      if (typeof mail.parsed.html !== 'string') return notFound(res);
      // The message's own HTML, shown as a mail client would: no scripts, no access to this page.
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "sandbox allow-popups allow-popups-to-escape-sandbox; script-src 'none'",
      });
      return void res.end(mail.parsed.html);
    default: {
      const attachment = mail.parsed.attachments[Number(m[3])];
      if (!attachment) return notFound(res);
      const filename = (attachment.filename ?? `attachment-${m[3]}`).replace(/["\\\r\n]/g, '_');
      res.writeHead(200, {
        'content-type': attachment.contentType,
        'content-length': attachment.content.length,
        'content-disposition': `attachment; filename="${filename}"`,
      });
      return void res.end(attachment.content);
    }
  }
}
