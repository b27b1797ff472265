// A hand walk of a raw MIME message (RFC 2045/2046), independent of the libraries that write and
// parse mail in the programme: headers, content types with their parameters, the multipart tree, and
// leaf bodies decoded from base64 or quoted-printable.

export interface MimeNode {
  /** Lower-cased media type, e.g. multipart/alternative. */
  type: string;
  params: Record<string, string>;
  disposition?: string;
  filename?: string;
  headers: Record<string, string>;
  children: MimeNode[];
  /** The decoded body of a leaf. */
  body?: Buffer;
}

function splitHead(raw: string): { head: string; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  if (at < 0) return { head: raw, body: '' };
  const sep = raw.slice(at).match(/^\r?\n\r?\n/)![0];
  return { head: raw.slice(0, at), body: raw.slice(at + sep.length) };
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** `type/sub; a=b; c="d"` → value and lower-cased parameter names. */
function parseValue(value: string): { value: string; params: Record<string, string> } {
  const [first, ...rest] = value.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0)
      params[p.slice(0, eq).trim().toLowerCase()] = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  return { value: (first ?? '').trim().toLowerCase(), params };
}

function decode(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable': {
      const soft = body.replace(/=\r?\n/g, '');
      const bytes: number[] = [];
      for (let i = 0; i < soft.length; i++) {
        if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
          bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(...Buffer.from(soft[i]!, 'latin1'));
      }
      return Buffer.from(bytes);
    }
    default:
      return Buffer.from(body, 'latin1');
  }
}

export function parseMime(raw: Buffer | string): MimeNode {
  const { head, body } = splitHead(typeof raw === 'string' ? raw : raw.toString('latin1'));
  const headers = parseHeaders(head);
  const ct = parseValue(headers['content-type'] ?? 'text/plain');
  const cd = headers['content-disposition'] ? parseValue(headers['content-disposition']) : undefined;
  const node: MimeNode = {
    type: ct.value,
    params: ct.params,
    disposition: cd?.value,
    filename: cd?.params.filename ?? ct.params.name,
    headers,
    children: [],
  };
  if (ct.value.startsWith('multipart/')) {
    const boundary = ct.params.boundary;
    if (!boundary) throw new Error(`${ct.value} without a boundary`);
    const parts = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // parts[0] is the preamble; the last part starts with "--" (the close delimiter).
    for (const part of parts.slice(1)) {
      if (part.startsWith('--')) break;
      node.children.push(parseMime(part.replace(/^[ \t]*\r?\n/, '')));
    }
  } else {
    node.body = decode(body, headers['content-transfer-encoding']);
  }
  return node;
}

/** The tree as lines like `multipart/alternative` / `  text/calendar; method=REQUEST`, for a readable assertion. */
export function outline(node: MimeNode, depth = 0): string[] {
  const extra = [
    node.params.method ? `method=${node.params.method}` : '',
    node.disposition === 'attachment' ? `attachment ${node.filename ?? ''}`.trim() : '',
  ]
    .filter(Boolean)
    .join('; ');
  return [`${'  '.repeat(depth)}${node.type}${extra ? `; ${extra}` : ''}`, ...node.children.flatMap((c) => outline(c, depth + 1))];
}

export function findParts(node: MimeNode, predicate: (n: MimeNode) => boolean): MimeNode[] {
  return [...(predicate(node) ? [node] : []), ...node.children.flatMap((c) => findParts(c, predicate))];
}
