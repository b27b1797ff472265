// A fast first reading of programme, cohort and data files: js-yaml, a single-pass parser several times
// faster than the yaml package on a cold start (a CLI call reads each file once), with the scalars of
// the yaml package's core schema. It reads only what the two cannot read differently: a file with
// anchors, aliases, tags, directives, complex or null keys, tabs or indentation indicators, or one js-yaml refuses, is left to
// the yaml package, which alone reports problems with their line and column.
import { CORE_SCHEMA, defineScalarTag, load, NOT_RESOLVED } from 'js-yaml';

/**
 * What only the yaml package is trusted with: `&anchor`, `*alias`, `!tag`, `%DIRECTIVE`, `? key`, `<<`,
 * null or empty keys, tabs, and block scalars with an indentation indicator (`|2`), which the two indent differently at the top.
 */
const LEFT_TO_YAML = /[&*!\t]|<<|^%|^[ -]*\?(?:\s|$)|^[ -]*(?:~|null|Null|NULL)?:(?:\s|$)|[|>][-+]?[0-9]/m;

/** The yaml package's core integers: 0o octal, 0x hex and decimal, read by parseInt as it reads them. */
const integer = defineScalarTag<number>('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: ['-', '+', ...'0123456789'],
  resolve: (source) => {
    if (/^0o[0-7]+$/.test(source)) return parseInt(source.substring(2), 8);
    if (/^[-+]?[0-9]+$/.test(source)) return parseInt(source, 10);
    if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.substring(2), 16);
    return NOT_RESOLVED;
  },
  identify: (value) => Number.isInteger(value),
});

/** The yaml package's core floats: .inf and .nan, exponents and decimals, read by parseFloat. */
const float = defineScalarTag<number>('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: ['-', '+', '.', ...'0123456789'],
  resolve: (source) => {
    if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source))
      return source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? -Infinity : Infinity;
    if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source))
      return parseFloat(source);
    return NOT_RESOLVED;
  },
  identify: (value) => typeof value === 'number',
});

const SCHEMA = CORE_SCHEMA.withTags(integer, float);

/** The value of one YAML document, or undefined when the yaml package must read it. */
export function readPlainYaml(text: string): { value: unknown } | undefined {
  if (LEFT_TO_YAML.test(text)) return undefined;
  try {
    return { value: load(text, { schema: SCHEMA, maxAliases: 0 }) };
  } catch {
    return undefined;
  }
}
