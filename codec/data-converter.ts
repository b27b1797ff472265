// The one data converter of every Temporal client and worker of the project: with
// PAYLOAD_ENCRYPTION_KEYS set, payloads are encrypted (codec/payload-encryption.ts); without, they are
// Temporal's default JSON. Failures' messages are not payloads and stay readable: errors name ids,
// never people.
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, type PayloadKey } from './payload-encryption.js';

export function dataConverterFor(keys: readonly PayloadKey[] | undefined): DataConverter | undefined {
  return keys?.length ? { payloadCodecs: [new EncryptionCodec(keys)] } : undefined;
}
