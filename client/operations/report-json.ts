// The Payment-by-Results report as JSON: the report itself, without the INDIGO export (a format of its own).
import type { PbrReport } from '../../domain/pbr-report.js';

export function reportAsJson(r: PbrReport): string {
  const { indigo: _indigo, ...rest } = r;
  return JSON.stringify(rest, null, 2) + '\n';
}
