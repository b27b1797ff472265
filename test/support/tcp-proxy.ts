import net, { type AddressInfo } from 'node:net';

/**
 * A TCP proxy on loopback between a client and a server (the worker and PostgreSQL), which a test
 * cuts and restores to make the server unreachable mid-operation: `cut()` resets every open
 * connection and every new one until `restore()`. It keeps listening all along, so its port stays
 * its own.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private isCut = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    const server = net.createServer((client) => {
      client.on('error', () => undefined);
      if (this.isCut) return void client.resetAndDestroy();
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** The server is unreachable: open connections are reset, new ones too. */
  cut(): void {
    this.isCut = true;
    for (const s of this.sockets) s.resetAndDestroy();
    this.sockets.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  async stop(): Promise<void> {
    this.cut();
    const server = this.server;
    this.server = undefined;
    // Stops listening; connections still open were reset by cut(), so nothing is waited for.
    server?.close();
  }
}
