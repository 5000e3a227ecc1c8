/**
 * Schema `pattern`s are Go RE2 expressions. Most of them are also valid JavaScript regular expressions; this
 * translates the RE2-only spellings (leading `(?i)` flags, `(?P<name>`, `\z`, `\pL`, POSIX classes) and rejects
 * what RE2 forbids (look-arounds, back-references), so a pattern matches here as it does on a real API server.
 */

/** A compiled `pattern`: the RegExp, or why the pattern is not a valid RE2 expression. */
export type CompiledPattern =
  | { readonly source: string; readonly regex: RegExp; readonly error?: undefined }
  | { readonly source: string; readonly regex?: undefined; readonly error: string };

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const UNSUPPORTED = [
  { pattern: /\(\?<?[=!]/, what: 'look-around' },
  { pattern: /(^|[^\\])(\\\\)*\\[1-9]/, what: 'back-reference' },
];

function translate(source: string): { body: string; flags: string } {
  let body = source;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    flags = (leading[1] as string).replace(/[^ims]/g, '');
    body = body.slice(leading[0].length);
  }
  body = body
    .replaceAll('(?P<', '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, negate: string, name: string) => {
      const chars = POSIX_CLASSES[name];
      return chars === undefined || negate ? whole : chars;
    })
    .replace(/(^|[^\\])((?:\\\\)*)\\z/g, '$1$2$')
    .replace(/(^|[^\\])((?:\\\\)*)\\A/g, '$1$2^')
    .replace(/(^|[^\\])((?:\\\\)*)\\([pP])([A-Z])/g, '$1$2\\$3{$4}');
  return { body, flags };
}

/** Compiles a Go RE2 pattern for unanchored matching (`regexp.MatchString`). */
export function compileGoPattern(source: string): CompiledPattern {
  for (const { pattern, what } of UNSUPPORTED) {
    if (pattern.test(source)) {
      return {
        source,
        error: `error parsing regexp: invalid or unsupported Perl syntax (${what}): \`${source}\``,
      };
    }
  }
  const { body, flags } = translate(source);
  try {
    return { source, regex: new RegExp(body, `u${flags}`) };
  } catch {
    try {
      return { source, regex: new RegExp(body, flags) };
    } catch (error) {
      return { source, error: `error parsing regexp: ${(error as Error).message}` };
    }
  }
}
