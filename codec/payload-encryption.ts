// Encrypts every payload Temporal stores (workflow inputs and results, signals, updates, activity
// inputs and results) with AES-256-GCM, so the server and its database hold ciphertext
// only. The key's id travels in each payload's metadata: a new key is added in front of the list,
// the old ones stay to read what they wrote, and keys rotate without touching the histories.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
// @temporalio/proto is CommonJS: Node's ESM loader offers its default export only.
import proto from '@temporalio/proto';
import type { PayloadKey } from './payload-keys.js';

export type { PayloadKey } from './payload-keys.js';
export { parsePayloadKeys } from './payload-keys.js';

const { temporal } = proto;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
export const METADATA_CIPHER = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encode = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const decode = (a: Uint8Array): string => Buffer.from(a).toString('utf8');

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: PayloadKey;

  constructor(keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new ValueError('the encryption codec needs at least one key');
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      // The key id is authenticated too: a payload cannot be passed off under another key's id.
      cipher.setAAD(encode(this.current.id));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: encode(ENCRYPTED_ENCODING),
          [METADATA_KEY_ID]: encode(this.current.id),
          [METADATA_CIPHER]: encode(CIPHER),
        },
        data: new Uint8Array(data),
      };
    });
  }

  /** Payloads that are not encrypted (histories written before the codec was on) pass unchanged. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const rawId = payload.metadata?.[METADATA_KEY_ID];
      const keyId = rawId ? decode(rawId) : '';
      const key = this.byId.get(keyId);
      if (!key) throw new ValueError(`payload encrypted with key "${keyId}", which is not among the configured keys`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('encrypted payload is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(encode(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}
