/**
 * `resource.Quantity` values reduced to numbers, for the comparisons built-in validation makes (a PVC storage
 * request may not shrink and must be positive). The value is a double: exact for every size a volume has, and the
 * API server never does arithmetic with it here.
 */

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const SUFFIX_FACTORS: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The numeric value of a quantity (`"10Gi"`, `"500m"`, `3`), or `undefined` when it is not a quantity. */
export function quantityValue(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
  if (typeof quantity !== 'string') return undefined;
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return undefined;
  const [, sign, digits = '0', suffix] = match;
  let value = Number(digits);
  if (suffix)
    value *=
      suffix[0] === 'e' || suffix[0] === 'E' ? 10 ** Number(suffix.slice(1)) : (SUFFIX_FACTORS[suffix] ?? 1);
  return sign === '-' ? -value : value;
}

/** Compares two quantities like `Quantity.Cmp` (-1, 0, 1); an unparsable or absent quantity counts as zero. */
export function compareQuantities(a: unknown, b: unknown): number {
  const left = quantityValue(a) ?? 0;
  const right = quantityValue(b) ?? 0;
  return left < right ? -1 : left > right ? 1 : 0;
}
