import { describe, expect, it } from 'vitest';
import { exactFraction, formatDkk, formatDkkDanish, InvalidAmountError, mulDivRound, oreFromString, parseDkk } from '../../domain/money.js';

describe('money in øre', () => {
  it('parses DKK strings exactly', () => {
    expect(parseDkk('25000')).toBe(2_500_000n);
    expect(parseDkk('25000.50')).toBe(2_500_050n);
    expect(parseDkk('25000.5')).toBe(2_500_050n);
    expect(parseDkk('0.01')).toBe(1n);
    expect(parseDkk('-12.34')).toBe(-1234n);
    // 0.1 + 0.2 is not 0.3 in floats; in øre it is.
    expect(parseDkk('0.10') + parseDkk('0.20')).toBe(parseDkk('0.30'));
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', '1.234', '1,50', '25.000', 'abc', '1e5']) expect(() => parseDkk(bad)).toThrow(InvalidAmountError);
    expect(() => oreFromString('12.5')).toThrow(InvalidAmountError);
  });

  it('formats with two decimals, and in Danish notation', () => {
    expect(formatDkk(2_500_050n)).toBe('25000.50');
    expect(formatDkk(5n)).toBe('0.05');
    expect(formatDkk(-1234n)).toBe('-12.34');
    expect(formatDkkDanish(123_456_789n)).toBe('1.234.567,89 kr.');
    expect(formatDkkDanish(-100n)).toBe('-1,00 kr.');
  });

  it('rounds pro-rata figures to the nearest øre, halves away from zero', () => {
    expect(mulDivRound(5n, 1n, 2n)).toBe(3n); // 2.5 → 3
    expect(mulDivRound(-5n, 1n, 2n)).toBe(-3n); // -2.5 → -3
    expect(mulDivRound(7n, 1n, 3n)).toBe(2n); // 2.33 → 2
    expect(mulDivRound(8n, 1n, 3n)).toBe(3n); // 2.67 → 3
    expect(mulDivRound(5n, -1n, 2n)).toBe(-3n);
  });

  it('turns decimal figures into exact fractions or refuses them', () => {
    expect(exactFraction(12.5)).toEqual({ numerator: 1250n, denominator: 100n });
    expect(exactFraction(0.3)).toEqual({ numerator: 30n, denominator: 100n });
    expect(() => exactFraction(12.345)).toThrow(InvalidAmountError);
    expect(() => exactFraction(-1)).toThrow(InvalidAmountError);
  });
});
