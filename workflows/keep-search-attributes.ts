import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

type KeywordKey = ReturnType<typeof defineSearchAttributeKey<typeof SearchAttributeType.KEYWORD>>;

/**
 * Updates a keyword search attribute, but only when the workflow was started with it: the client
 * sets the attributes at start when the server has them registered (see client/search-attributes.ts).
 */
export function keepSearchAttribute(key: KeywordKey, value: string): void {
  const current = workflowInfo().typedSearchAttributes.get(key);
  if (current === undefined || current === value) return;
  upsertSearchAttributes([{ key, value }]);
}
