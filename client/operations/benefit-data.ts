// The benefit rate tables and refund steps as data: data/benefit-rates.yaml unless a report names
// another file. Read by the reports, and by cohort files to check their participants' categories.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseBenefitData, type BenefitData } from '../../domain/benefit-rates.js';
import { readPlainYaml } from './plain-yaml.js';

export const DEFAULT_BENEFIT_RATES_FILE = new URL('../../data/benefit-rates.yaml', import.meta.url);

export function loadBenefitData(file: string | URL = DEFAULT_BENEFIT_RATES_FILE): BenefitData {
  const text = readFileSync(file, 'utf8');
  return parseBenefitData(readPlainYaml(text)?.value ?? parseYaml(text));
}
