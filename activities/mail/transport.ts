import net from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';

const CONNECTION_TIMEOUT_MS = 10_000;

/** One pooled SMTP transport per worker process, shared by every e-mail activity. */
export function createMailTransport(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  const host = url.hostname;
  const port = Number(url.port || (url.protocol === 'smtps:' ? 465 : 25));
  return nodemailer.createTransport({
    pool: true,
    maxConnections: 5,
    host,
    port,
    secure: url.protocol === 'smtps:',
    ignoreTLS: url.protocol === 'smtp:' && ['127.0.0.1', 'localhost', '::1'].includes(url.hostname),
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    getSocket: connectWithoutDelay(host, port),
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    socketTimeout: 30_000,
  });
}

/**
 * Opens the pool's connections with Nagle's algorithm off (nodemailer keeps Node's default, on). With
 * it on, the end of every message waits until the server has acknowledged the segment before, and
 * servers delay that acknowledgement (40 ms on Linux): 40 ms more per message and connection, seven
 * times what a message to a server nearby takes. TLS (smtps, STARTTLS) is set up on this socket by
 * nodemailer as on its own. A connection that cannot be opened is left to nodemailer, which tries
 * once more and reports the failure and frees the pool's slot as it always did.
 */
function connectWithoutDelay(host: string, port: number) {
  return (_options: unknown, callback: (err: Error | null, socketOptions: { connection: net.Socket } | false) => void): void => {
    const socket = net.connect({ host, port, noDelay: true });
    let answered = false;
    const answer = (connected: boolean) => {
      if (answered) return;
      answered = true;
      socket.setTimeout(0);
      socket.removeListener('timeout', fallBack);
      socket.removeListener('error', fallBack);
      if (connected) return callback(null, { connection: socket });
      socket.destroy();
      callback(null, false);
    };
    const fallBack = () => answer(false);
    socket.once('error', fallBack);
    socket.setTimeout(CONNECTION_TIMEOUT_MS, fallBack);
    socket.once('connect', () => answer(true));
  };
}
