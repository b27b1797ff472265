// Money as whole øre (1/100 DKK) in a bigint: sums and comparisons are exact, and no amount ever
// passes through a float. Amounts cross workflow and JSON boundaries as strings: DKK with two
// decimals ("25000.50") for people, or a decimal string of øre ("2500050") for machines.
// Pure: workflows may import it.

export type Ore = bigint;

export class InvalidAmountError extends Error {
  override name = 'InvalidAmountError';
  readonly code = 'INVALID_AMOUNT';
}

const DKK_RE = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;
const ORE_RE = /^-?\d+$/;

/** "25000.50" → 2500050n; "-12.5" → -1250n. At most two decimals, no thousands separators. */
export function parseDkk(text: string): Ore {
  const match = DKK_RE.exec(text.trim());
  if (!match) throw new InvalidAmountError(`"${text}" is not an amount in DKK such as "25000" or "25000.50"`);
  const kroner = BigInt(match[2]!);
  const ore = BigInt((match[3] ?? '').padEnd(2, '0'));
  const value = kroner * 100n + ore;
  return match[1] ? -value : value;
}

/** 2500050n → "25000.50"; always two decimals, a leading "-" for negative amounts. */
export function formatDkk(ore: Ore): string {
  const sign = ore < 0n ? '-' : '';
  const abs = ore < 0n ? -ore : ore;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** 2500050n → "25.000,50 kr." (Danish notation, for reports read by people). */
export function formatDkkDanish(ore: Ore): string {
  const [whole, decimals] = formatDkk(ore).split('.') as [string, string];
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '');
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${grouped},${decimals} kr.`;
}

/** The øre amount as a decimal string, the form in which it crosses the workflow boundary. */
export function oreToString(ore: Ore): string {
  return ore.toString();
}

export function oreFromString(text: string): Ore {
  if (!ORE_RE.test(text)) throw new InvalidAmountError(`"${text}" is not a whole number of øre`);
  return BigInt(text);
}

export function sumOre(amounts: Iterable<Ore>): Ore {
  let total = 0n;
  for (const a of amounts) total += a;
  return total;
}

export function minOre(a: Ore, b: Ore): Ore {
  return a < b ? a : b;
}

export function maxOre(a: Ore, b: Ore): Ore {
  return a > b ? a : b;
}

/**
 * amount × numerator ÷ denominator, rounded to the nearest øre with halves rounded away from zero
 * (0.5 øre → 1 øre, -0.5 øre → -1 øre): the common commercial rule, stated once for every pro-rata
 * figure in the programme.
 */
export function mulDivRound(amount: Ore, numerator: bigint, denominator: bigint): Ore {
  if (denominator === 0n) throw new InvalidAmountError('division by zero');
  let num = amount * numerator;
  let den = denominator;
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const rounded = (2n * abs + den) / (2n * den);
  return negative ? -rounded : rounded;
}

/**
 * A non-negative decimal number with at most `decimals` places (such as 12.5 hours or 0.3) as an
 * exact fraction { numerator, denominator }; refuses figures with more places than that rather than
 * rounding them silently.
 */
export function exactFraction(value: number, decimals = 2): { numerator: bigint; denominator: bigint } {
  const scale = 10 ** decimals;
  const scaled = Math.round(value * scale);
  if (!Number.isFinite(value) || value < 0 || Math.abs(scaled - value * scale) > 1e-6) {
    throw new InvalidAmountError(`${value} is not a non-negative figure with at most ${decimals} decimals`);
  }
  return { numerator: BigInt(scaled), denominator: BigInt(scale) };
}
