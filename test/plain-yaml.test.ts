// The fast first reading of programme, cohort and data files (js-yaml) gives what the yaml package
// gives, or leaves the file to it: checked against the yaml package on the shipped files, on scalars
// the two schemas could read differently, and on documents generated in every style yaml writes.
import { readdir, readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { readPlainYaml } from '../client/operations/plain-yaml.js';

/** What the file loaders got from the yaml package alone: the value, or undefined for a document with errors. */
function byYaml(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  return doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 50 });
}

/** The fast reading either agrees with the yaml package or declines; it never reads a document yaml refuses. */
function expectSameOrLeftToYaml(text: string): boolean {
  const plain = readPlainYaml(text);
  if (plain === undefined) return false;
  expect(plain.value, text).toStrictEqual(byYaml(text));
  return true;
}

describe('the plain YAML reading', () => {
  it('reads every shipped programme, cohort and data file as the yaml package does', async () => {
    const files = (
      await Promise.all(
        ['programmes', 'cohorts', 'data'].map(async (dir) =>
          (await readdir(dir)).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}/${f}`),
        ),
      )
    ).flat();
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const plain = readPlainYaml(text);
      expect(plain, file).toBeDefined();
      expect(plain!.value, file).toStrictEqual(byYaml(text));
    }
  });

  it('reads scalars by the core schema of the yaml package (YAML 1.2: no yes/no, dates, underscores or 0b)', () => {
    const scalars = [
      ...['0o17', '0x1F', '0X1F', '+5', '-0', '007', '12345678901234567890123', '1' + '0'.repeat(400)],
      ...['1e999', '-1e999', '1.50', '.5', '5.', '+.5e3', '1E-2', '.inf', '-.Inf', '+.INF', '.NaN', '.nan', 'nan', 'inf'],
      ...['1_000', '0b101', '0o8', '0xG', '1:30', '0.1.2', '- 1', '1e', 'e1'],
      ...['true', 'True', 'TRUE', 'tRue', 'yes', 'no', 'on', 'off', 'y', 'n'],
      ...['~', 'null', 'Null', 'NULL', 'nULL', ''],
      ...['2019-03-04', '2019-03-04T10:00:00Z', '12:30', '"12"', "'true'", '"0x1F"', 'a b', '"\\u00e6\\t"'],
    ];
    for (const s of scalars) {
      expectSameOrLeftToYaml(`value: ${s}\n`);
      expectSameOrLeftToYaml(`- ${s}\n`);
      expectSameOrLeftToYaml(`[${s}]\n`);
    }
  });

  it('leaves to the yaml package what it alone reads or reports: anchors, aliases, tags, directives, complex and null keys, tabs, indentation indicators, duplicates, syntax errors', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '%YAML 1.1\n---\na: yes\n',
      '? [a, b]\n: 1\n',
      '~: 1\n',
      ': 1\n',
      'null: 1\n',
      'a:\n\t- 1\n',
      'a: 1\na: 2\n',
      'a: [1, 2\n',
      'a: 1\n---\nb: 2\n',
      '',
      'a:\n  b: 1\n c: 2\n',
      '<<: {a: 1}\n',
      '|1-\n lead\n',
      'a: >2\n   b\n',
    ])
      expect(readPlainYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  it('reads documents in every style the yaml package writes as the yaml package reads them', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('0o17', '1e999', 'True', '~', 'a: b', '- x', '#', '"', "'", '\\', ' lead', 'trail ', 'multi\nline\n', '\n', 'æøå'),
    );
    const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(text, tie('node'), { maxKeys: 4 }),
    })).node;
    const options = fc.record({
      flow: fc.boolean(),
      quote: fc.constantFrom<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED'>(
        'PLAIN',
        'QUOTE_DOUBLE',
        'QUOTE_SINGLE',
        'BLOCK_LITERAL',
        'BLOCK_FOLDED',
      ),
      lineWidth: fc.constantFrom(0, 20, 80),
    });
    let readPlain = 0;
    fc.assert(
      fc.property(value, options, (v, o) => {
        const written = stringify(v, {
          collectionStyle: o.flow ? 'flow' : 'block',
          defaultStringType: o.quote,
          defaultKeyType: 'PLAIN',
          lineWidth: o.lineWidth,
          minContentWidth: 0,
        });
        if (expectSameOrLeftToYaml(written)) readPlain++;
      }),
      { numRuns: 500 },
    );
    // Most documents are compared, not left to yaml.
    expect(readPlain).toBeGreaterThan(250);
  });
});
