// The house style as the code is written: single quotes, semicolons, trailing commas, long lines
// (a route's schema or a test's expectation reads best on one line). YAML keeps double quotes, as the
// programme templates, cohort files and e-mail templates have them. `npm run format` writes,
// `npm run format:check` reports; .prettierignore lists what tools write.
/** @type {import('prettier').Config} */
export default {
  printWidth: 140,
  singleQuote: true,
  semi: true,
  trailingComma: 'all',
  arrowParens: 'always',
  endOfLine: 'lf',
  overrides: [{ files: ['*.yml', '*.yaml'], options: { singleQuote: false } }],
};
