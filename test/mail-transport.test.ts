// The worker's pooled SMTP transport as an activity uses it: every connection it opens has Nagle's
// algorithm off, so a message's last segments leave at once instead of waiting for the server's
// delayed ACK; a server that cannot be reached is a plain error for the e-mail's retry.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMailTransport } from '../activities/mail/transport.js';
import { MailSink } from '../scripts/mail-sink.js';

describe('the pooled SMTP transport', () => {
  const sink = new MailSink();
  let port: number;

  beforeAll(async () => {
    port = await sink.start(0);
  });
  afterAll(() => sink.stop());

  it('sends over connections with TCP_NODELAY set, and the message arrives', async () => {
    const noDelay = vi.spyOn(net.Socket.prototype, 'setNoDelay');
    const transport = createMailTransport(sink.smtpUrl);
    try {
      await transport.sendMail({ from: 'no-reply@dobbeltspor.local', to: 'koordinator@kommune.dk', subject: 'Påmindelse', text: 'Hej' });
      const toSink = noDelay.mock.contexts.filter((s) => (s as net.Socket).remotePort === port);
      expect(toSink.length).toBeGreaterThan(0);
      expect(noDelay.mock.calls[noDelay.mock.contexts.indexOf(toSink[0])]).toEqual([true]);
      expect(sink.to('koordinator@kommune.dk').map((m) => m.parsed.subject)).toEqual(['Påmindelse']);
    } finally {
      transport.close();
      noDelay.mockRestore();
    }
  });

  it('reports a server that refuses the connection as an error of each send, round after round', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const transport = createMailTransport(`smtp://127.0.0.1:${closedPort}`);
    try {
      // The pool must stay usable after failed connections: each round's sends fail, none hangs.
      for (let round = 0; round < 3; round++) {
        const sends = ['a', 'b', 'c'].map((who) =>
          transport.sendMail({ from: 'no-reply@dobbeltspor.local', to: `${who}@kommune.dk`, subject: 'x', text: 'x' }),
        );
        for (const send of sends) await expect(send).rejects.toThrow(/ECONNREFUSED/);
      }
    } finally {
      transport.close();
    }
  });
});
