/**
 * String formats (`format:`) the API server checks on custom resources. Kubernetes only enforces the formats of its
 * allow-list (kube-openapi's registry); any other format, including the numeric int32/int64/float/double, is ignored
 * for validation, so a schema written for another tool never rejects objects the real server would accept.
 */
import { isIPv6 } from 'node:net';

/** A check for one string format. */
export type FormatCheck = (value: string) => boolean;

const GO_DURATION_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const SCALA_UNITS: readonly [readonly string[], bigint][] = [
  [['ns', 'nano'], 1n],
  [['us', 'µs', 'micro'], 1_000n],
  [['ms', 'milli'], 1_000_000n],
  [['s', 'sec'], 1_000_000_000n],
  [['m', 'min'], 60_000_000_000n],
  [['h', 'hr', 'hour'], 3_600_000_000_000n],
  [['d', 'day'], 86_400_000_000_000n],
  [['w', 'wk', 'week'], 604_800_000_000_000n],
];
const GO_DURATION_COMPONENT = /(\d*)(?:\.(\d*))?([^\d.]+)/y;
const SCALA_DURATION = /^\s*(?:\d+\s*[A-Za-zµ]+\s*)+$/;
const SCALA_COMPONENT = /(\d+)\s*([A-Za-zµ]+)/g;

function parseGoDuration(text: string): bigint | undefined {
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  GO_DURATION_COMPONENT.lastIndex = 0;
  while (GO_DURATION_COMPONENT.lastIndex < rest.length) {
    const match = GO_DURATION_COMPONENT.exec(rest);
    if (!match) return undefined;
    const [, whole = '', fraction, unitName = ''] = match;
    const unit = GO_DURATION_UNITS[unitName];
    if (unit === undefined || (whole === '' && !fraction)) return undefined;
    total += BigInt(whole || '0') * unit;
    if (fraction) total += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
  }
  return sign * total;
}

function parseScalaDuration(text: string): bigint | undefined {
  if (!SCALA_DURATION.test(text)) return undefined;
  let total = 0n;
  let matched = false;
  for (const [, amount = '0', rawUnit = ''] of text.matchAll(SCALA_COMPONENT)) {
    const unit = rawUnit.trim().toLowerCase();
    for (const [variants, multiplier] of SCALA_UNITS) {
      const last = variants.length - 1;
      variants.forEach((variant, i) => {
        if ((i === last && unit.startsWith(variant)) || variant === unit) {
          matched = true;
          total += BigInt(amount) * multiplier;
        }
      });
    }
  }
  return matched ? total : undefined;
}

/**
 * Parses a duration the way kube-openapi does: Go's `time.ParseDuration` (`1h30m`, `1.5s`), else the Scala-like
 * form (`3 days`, `10 min`). Returns nanoseconds, or undefined when the text is not a duration.
 */
export function parseDuration(text: string): bigint | undefined {
  return parseGoDuration(text) ?? parseScalaDuration(text);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A `full-date` (`2006-01-02`) that names a real calendar day. */
export function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] as number);
  return day <= max;
}

const TIME_OF_DAY = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;

/** An RFC 3339 `date-time` as kube-openapi accepts it (`2024-05-01T10:00:00Z`, fractions and offsets allowed). */
export function isDateTime(text: string): boolean {
  if (text.length < 4) return false;
  const parts = text.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0] as string)) return false;
  const match = TIME_OF_DAY.exec(parts[1] as string);
  if (!match) return false;
  return (match[1] as string) <= '23' && (match[2] as string) <= '59' && (match[3] as string) <= '59';
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

function isIPv6Address(text: string): boolean {
  return text.includes(':') && !text.includes('%') && isIPv6(text);
}

function isCIDR(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  if (isIPv4(address)) return bits <= 32;
  return isIPv6Address(address) && bits <= 128;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const CREDIT_CARD =
  /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$/;

function isCreditCard(text: string): boolean {
  const digits = text.replace(/[^0-9]+/g, '');
  return CREDIT_CARD.test(digits) && luhn(digits);
}

function isISBN10(text: string): boolean {
  const clean = text.replace(/[\s-]+/g, '');
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(clean)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * Number(clean[i]);
  sum += clean[9] === 'X' ? 100 : 10 * Number(clean[9]);
  return sum % 11 === 0;
}

function isISBN13(text: string): boolean {
  const clean = text.replace(/[\s-]+/g, '');
  if (!/^[0-9]{13}$/.test(clean)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(clean[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(clean[12]);
}

function isHostname(text: string): boolean {
  const HOSTNAME =
    /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z0-9\p{S}\p{L}])(-?[a-zA-Z0-9\p{S}\p{L}]){1,62})$/u;
  if (!HOSTNAME.test(text) || Buffer.byteLength(text) > 255) return false;
  return text.split('.').every((label) => Buffer.byteLength(label) <= 63);
}

function isURI(text: string): boolean {
  if (text.startsWith('/')) return !/\s/.test(text);
  try {
    return new URL(text).protocol.length > 1;
  } catch {
    return false;
  }
}

const MAC = [
  /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/,
  /^([0-9a-fA-F]{2}[:-]){7}[0-9a-fA-F]{2}$/,
  /^([0-9a-fA-F]{2}[:-]){19}[0-9a-fA-F]{2}$/,
  /^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/,
  /^([0-9a-fA-F]{4}\.){3}[0-9a-fA-F]{4}$/,
  /^([0-9a-fA-F]{4}\.){9}[0-9a-fA-F]{4}$/,
];

function isMAC(text: string): boolean {
  if (!MAC.some((pattern) => pattern.test(text))) return false;
  const separators = new Set(text.replace(/[0-9a-fA-F]/g, ''));
  return separators.size === 1;
}

const RGB_PART = '\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*';
const RGB_COLOR = new RegExp(`^rgb\\(${RGB_PART},${RGB_PART},${RGB_PART}\\)$`);

const CHECKS: Record<string, FormatCheck> = {
  bsonobjectid: (v) => /^[0-9a-fA-F]{24}$/.test(v),
  uri: isURI,
  email: (v) => /^(?:[^<>@]*<\s*)?[^\s@<>]+@[^\s@<>]+(?:\s*>)?$/.test(v),
  hostname: isHostname,
  ipv4: isIPv4,
  ipv6: isIPv6Address,
  cidr: isCIDR,
  mac: isMAC,
  uuid: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v),
  uuid3: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v),
  uuid4: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(v),
  uuid5: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(v),
  isbn: (v) => isISBN10(v) || isISBN13(v),
  isbn10: isISBN10,
  isbn13: isISBN13,
  creditcard: isCreditCard,
  ssn: (v) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(v),
  hexcolor: (v) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(v),
  rgbcolor: (v) => RGB_COLOR.test(v),
  byte: (v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(v),
  password: () => true,
  date: isDate,
  duration: (v) => parseDuration(v) !== undefined,
  datetime: isDateTime,
};

/**
 * The check for a schema's `format`, or undefined when the API server does not enforce that format (names are
 * compared without dashes, so `date-time` and `datetime` are the same format).
 */
export function formatCheck(format: string | undefined): FormatCheck | undefined {
  if (!format) return undefined;
  const normalized = format.replaceAll('-', '');
  return Object.hasOwn(CHECKS, normalized) ? CHECKS[normalized] : undefined;
}
