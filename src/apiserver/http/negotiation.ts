/**
 * Response content negotiation (kube-api.md §2.1, §3.2, §16.1): which of the encodings this server can produce a
 * client's `Accept` header asks for. Responses are always JSON; what varies is the shape: the plain object, a
 * `meta.k8s.io/v1` Table, or aggregated discovery, each with its own `Content-Type`. Clients list the richer shape
 * first and plain JSON as a fallback, so the first acceptable clause in preference order wins; when none is
 * acceptable the answer is 406.
 */

/** A response shape the server can produce. */
export type ResponseFormat = 'json' | 'table' | 'discovery';

/** The outcome of negotiation: the chosen shape and the `Content-Type` to send, or 406. */
export type Negotiated =
  | { format: 'json'; contentType: string }
  | { format: 'table'; contentType: string }
  | { format: 'discovery'; contentType: string; discoveryVersion: DiscoveryVersion }
  | { format: 'not-acceptable'; accepted: readonly string[] };

/** The aggregated discovery API versions served (identical shapes; the client picks). */
export type DiscoveryVersion = 'v2' | 'v2beta1';

/** The plain JSON content type. */
export const JSON_CONTENT_TYPE = 'application/json';

/** The content type of a `meta.k8s.io/v1` Table response. */
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** The content type of aggregated discovery for the given `apidiscovery.k8s.io` version. */
export function discoveryContentType(version: DiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/** One clause of an `Accept` header. */
export interface MediaRange {
  type: string;
  subtype: string;
  /** Parameters with lower-cased names (`as`, `g`, `v`, `q`, ...). */
  params: Record<string, string>;
  quality: number;
}

/**
 * Parses an `Accept` header into its clauses, most preferred first (stable for equal quality, so the client's order
 * decides ties, as in the real server). Clauses with `q=0` and malformed clauses are dropped.
 */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [];
  const ranges: MediaRange[] = [];
  for (const clause of splitClauses(header)) {
    const range = parseMediaRange(clause);
    if (range !== undefined && range.quality > 0) ranges.push(range);
  }
  return ranges
    .map((range, index) => ({ range, index }))
    .sort((a, b) => b.range.quality - a.range.quality || a.index - b.index)
    .map(({ range }) => range);
}

/** Splits on commas outside quoted parameter values. */
function splitClauses(header: string): string[] {
  const clauses: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      clauses.push(current);
      current = '';
    } else current += ch;
  }
  clauses.push(current);
  return clauses.map((clause) => clause.trim()).filter((clause) => clause !== '');
}

/** Parses `type/subtype;name=value;...`; undefined when the type is malformed. */
export function parseMediaRange(clause: string): MediaRange | undefined {
  const [mediaType = '', ...rawParams] = clause.split(';').map((part) => part.trim());
  const match = /^([\w.+*-]+)\/([\w.+*-]+)$/.exec(mediaType.toLowerCase());
  if (match === null) return undefined;
  const params: Record<string, string> = {};
  for (const raw of rawParams) {
    const equals = raw.indexOf('=');
    if (equals <= 0) continue;
    params[raw.slice(0, equals).trim().toLowerCase()] = raw
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  const q = params.q === undefined ? 1 : Number(params.q);
  delete params.q;
  return {
    type: match[1] as string,
    subtype: match[2] as string,
    params,
    quality: Number.isFinite(q) ? q : 0,
  };
}

/** True when the clause accepts JSON at all (`application/json`, `application/*`, `*\/*`). */
function acceptsJsonType(range: MediaRange): boolean {
  if (range.type === '*' && range.subtype === '*') return true;
  return range.type === 'application' && (range.subtype === 'json' || range.subtype === '*');
}

/** The `as`/`g`/`v` conversion a clause asks for, if any. */
function conversion(range: MediaRange): { as: string; g: string; v: string } | undefined {
  const { as, g = '', v = '' } = range.params;
  return as === undefined ? undefined : { as, g, v };
}

/** Which shape one clause selects among those offered, if any. */
function select(range: MediaRange, offers: readonly ResponseFormat[]): Negotiated | undefined {
  if (!acceptsJsonType(range)) return undefined;
  const wanted = conversion(range);
  if (wanted === undefined) {
    return offers.includes('json') ? { format: 'json', contentType: JSON_CONTENT_TYPE } : undefined;
  }
  if (range.subtype !== 'json') return undefined;
  if (offers.includes('table') && wanted.as === 'Table' && wanted.g === 'meta.k8s.io' && wanted.v === 'v1') {
    return { format: 'table', contentType: TABLE_CONTENT_TYPE };
  }
  const discoveryVersion = wanted.v === 'v2' || wanted.v === 'v2beta1' ? wanted.v : undefined;
  const isDiscovery = wanted.as === 'APIGroupDiscoveryList' && wanted.g === 'apidiscovery.k8s.io';
  if (offers.includes('discovery') && isDiscovery && discoveryVersion !== undefined) {
    return { format: 'discovery', contentType: discoveryContentType(discoveryVersion), discoveryVersion };
  }
  return undefined;
}

/** The content types listed in a 406 answer for the given offers. */
function acceptedTypes(offers: readonly ResponseFormat[]): string[] {
  const types: string[] = [];
  if (offers.includes('json')) types.push(JSON_CONTENT_TYPE);
  if (offers.includes('table')) types.push(TABLE_CONTENT_TYPE);
  if (offers.includes('discovery')) types.push(discoveryContentType('v2'), discoveryContentType('v2beta1'));
  return types;
}

/**
 * Chooses the response shape for an `Accept` header among the shapes an endpoint offers. A missing or empty header
 * means plain JSON (when offered).
 * @param offers the shapes this endpoint can produce; `json` should always be among them.
 */
export function negotiate(accept: string | undefined, offers: readonly ResponseFormat[]): Negotiated {
  const absent = accept === undefined || accept.trim() === '';
  if (absent && offers.includes('json')) return { format: 'json', contentType: JSON_CONTENT_TYPE };
  for (const range of parseAccept(accept)) {
    const chosen = select(range, offers);
    if (chosen !== undefined) return chosen;
  }
  return { format: 'not-acceptable', accepted: acceptedTypes(offers) };
}
