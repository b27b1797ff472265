import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Port {
  /** What `npm start` runs on it, for the message. */
  name: string;
  host: string;
  port: number;
}

/** True when nothing listens on host:port (checked by listening on it for a moment). */
export function isFree({ host, port }: Port): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The listening sockets' inodes for a port, from the kernel's tables (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; column 10 is the socket's inode.
      if (cols.length < 10 || cols[3] !== '0A') continue;
      if (parseInt(cols[1]!.split(':').at(-1)!, 16) === port && cols[9] !== '0') inodes.add(cols[9]!);
    }
  }
  return inodes;
}

function describePid(pid: string): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return `pid ${pid}: ${cmd.length > 160 ? `${cmd.slice(0, 157)}…` : cmd}`;
  } catch {
    return `pid ${pid}`;
  }
}

/**
 * Which process listens on a port: the socket's inode from /proc/net/tcp{,6}, then the process whose
 * file descriptors hold it; else `ss -ltnp`; undefined when neither can tell (another user's process).
 */
export function portHolder(port: number): string | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size > 0) {
    for (const pid of readdirSafe('/proc').filter((p) => /^\d+$/.test(p))) {
      for (const fd of readdirSafe(`/proc/${pid}/fd`)) {
        let link: string;
        try {
          link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1]!)) return describePid(pid);
      }
    }
  }
  const ss = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const users = ss.status === 0 ? /users:\(\("([^"]+)",pid=(\d+)/.exec(ss.stdout) : null;
  return users ? describePid(users[2]!) : undefined;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Every port already taken, each line naming the process that holds it when it can be found. */
export async function takenPorts(ports: Port[]): Promise<string[]> {
  const taken: string[] = [];
  for (const p of ports) {
    if (await isFree(p)) continue;
    const holder = portHolder(p.port);
    taken.push(
      `  ${p.host}:${p.port} (${p.name}) is taken by ${holder ?? 'another process (not visible to this user; `ss -ltnp` or `lsof -i :' + p.port + '` as root names it)'}`,
    );
  }
  return taken;
}
