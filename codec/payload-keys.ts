// The keys of the payload encryption codec, as PAYLOAD_ENCRYPTION_KEYS gives them. Kept apart from
// the codec so reading the configuration loads no Temporal code.

export interface PayloadKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/**
 * Parses `id=base64key,id2=base64key2`: each key 32 bytes (e.g. `openssl rand -base64 32`); the
 * first one encrypts, every one decrypts. Throws a message naming the entry that is wrong.
 */
export function parsePayloadKeys(value: string): PayloadKey[] {
  const keys = value.split(',').map((entry, i) => {
    const at = entry.indexOf('=');
    const id = entry.slice(0, at).trim();
    const key = Buffer.from(entry.slice(at + 1).trim(), 'base64');
    if (at < 1 || !/^[A-Za-z0-9._-]{1,64}$/.test(id))
      throw new Error(`entry ${i + 1} must be <id>=<base64 key>, the id of letters, digits, . _ -`);
    if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes in base64 (openssl rand -base64 32), not ${key.length}`);
    return { id, key };
  });
  const ids = keys.map((k) => k.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`key id "${twice}" is given twice`);
  return keys;
}
