import type { SearchAttributePair } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';
import { COHORT, MUNICIPALITY, TRACK_KIND } from '../contracts/search-attributes.js';

/**
 * A camp child is findable like its track (cohort, municipality) as TRACK_KIND CAMP, when the track
 * itself was started with search attributes (servers without them get none).
 */
export function campSearchAttributes(): SearchAttributePair[] | undefined {
  const own = workflowInfo().typedSearchAttributes;
  const pairs: SearchAttributePair[] = [];
  for (const key of [COHORT, MUNICIPALITY]) {
    const value = own.get(key);
    if (value !== undefined) pairs.push({ key, value });
  }
  return pairs.length > 0 ? [...pairs, { key: TRACK_KIND, value: 'CAMP' }] : undefined;
}
