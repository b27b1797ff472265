import net from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';

const CONNECTION_TIMEOUT_MS = 10_000;

type SocketCallback = (err: null, socketOptions: { connection: net.Socket } | false) => void;

/**
 * Opens a pooled connection with Nagle's algorithm off (TCP_NODELAY). nodemailer leaves it on, and the
 * small last segments of a message then wait for the server's delayed ACK (about 40 ms on Linux)
 * before they leave: every e-mail paid that wait, ten times the rest of its SMTP exchange on loopback.
 * nodemailer takes the open socket as it takes a proxied one (and starts TLS on it for smtps://). A
 * connection that cannot be opened is left to nodemailer, which opens its own and reports the error
 * as it always did (the pool does not recover from an error handed to it here).
 */
function connectWithoutDelay(host: string, port: number) {
  return (_options: unknown, callback: SocketCallback): void => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    let settled = false;
    const settle = (opened: boolean) => {
      if (settled) return;
      settled = true;
      socket.setTimeout(0);
      if (opened) return callback(null, { connection: socket });
      socket.destroy();
      callback(null, false);
    };
    socket.setTimeout(CONNECTION_TIMEOUT_MS, () => settle(false));
    // Once nodemailer has the socket its own handler reports errors; this one only covers the connect.
    socket.on('error', () => settle(false));
    socket.once('connect', () => settle(true));
  };
}

/** One pooled SMTP transport per worker process, shared by every e-mail activity. */
export function createMailTransport(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  // net.connect takes an IPv6 address without the URL's brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || (secure ? 465 : 25));
  return nodemailer.createTransport({
    pool: true,
    maxConnections: 5,
    host,
    port,
    secure,
    ignoreTLS: url.protocol === 'smtp:' && ['127.0.0.1', 'localhost', '::1'].includes(host),
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    socketTimeout: 30_000,
    getSocket: connectWithoutDelay(host, port),
  });
}
