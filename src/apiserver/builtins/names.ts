/**
 * Name and key syntax checks of apimachinery (`util/validation/validation.go`, `api/validation/path`). They return
 * the same sentences as the Go functions, because users read them inside 422 messages
 * (`metadata.name: Invalid value: "Foo": a lowercase RFC 1123 subdomain must consist of …`).
 */

import {
  type FieldError,
  forbiddenError,
  invalidError,
  type ObjectMeta,
  requiredError,
} from '../../api/index.js';
import type { NameRule } from './builtin-resource.js';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const PERCENT_FMT = '[0-9]+%';

const anchored = (fmt: string) => new RegExp(`^(?:${fmt})$`);
const DNS1123_LABEL = anchored(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN = anchored(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL = anchored(DNS1035_LABEL_FMT);
const CONFIG_MAP_KEY = anchored(CONFIG_MAP_KEY_FMT);
const QUALIFIED_NAME = anchored(QUALIFIED_NAME_FMT);
const PERCENT = anchored(PERCENT_FMT);

/** apimachinery `MaxLenError`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** apimachinery `RegexError`, including its double space before each `or`. */
export function regexError(message: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${fmt}')`;
  let text = `${message} (e.g. `;
  examples.forEach((example, index) => {
    if (index > 0) text += ' or ';
    text += `'${example}', `;
  });
  return `${text}regex used for validation is '${fmt}')`;
}

/** `IsDNS1123Label`: at most 63 lower-case alphanumerics or `-`. */
export function isDNS1123Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLenError(63));
  if (!DNS1123_LABEL.test(value)) {
    if (DNS1123_SUBDOMAIN.test(value)) errors.push('must not contain dots');
    else
      errors.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errors;
}

/** `IsDNS1123Subdomain`: at most 253 characters of dot-separated labels. */
export function isDNS1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errors;
}

/** `IsDNS1035Label`: a DNS-1123 label that starts with a letter (Service names, CRD names). */
export function isDNS1035Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value)) {
    errors.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errors;
}

/** `IsValidPathSegmentName`: anything but `.`/`..` and without `/` or `%`. */
export function isValidPathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errors: string[] = [];
  if (value.includes('/')) errors.push("may not contain '/'");
  if (value.includes('%')) errors.push("may not contain '%'");
  return errors;
}

/** `IsConfigMapKey`: the keys of ConfigMap and Secret data. */
export function isConfigMapKey(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push(maxLenError(253));
  if (!CONFIG_MAP_KEY.test(value)) {
    errors.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_MAP_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (value === '.') errors.push("must not be '.'");
  else if (value === '..') errors.push("must not be '..'");
  else if (value.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}

/** `IsQualifiedName`: an optional DNS subdomain prefix and `/`, then a name (label keys, provisioners). */
export function isQualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else for (const message of isDNS1123Subdomain(prefix)) errors.push(`prefix part ${message}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (name.length > 63) errors.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name)) {
    errors.push(
      `name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errors;
}

/** `IsValidPercent` (`25%`). */
export function isValidPercent(value: string): string[] {
  if (PERCENT.test(value)) return [];
  return [
    regexError(
      "a valid percent string must be a numeric string followed by an ending '%'",
      PERCENT_FMT,
      '1%',
      '93%',
    ),
  ];
}

/** Go's `maskTrailingDash`: a generateName prefix may end in `-`. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

/** The messages a name rule reports for `name`; `prefix` checks a `generateName`. */
export function nameRuleErrors(rule: NameRule, name: string, prefix = false): string[] {
  const value = prefix ? maskTrailingDash(name) : name;
  switch (rule) {
    case 'dns1123-subdomain':
      return isDNS1123Subdomain(value);
    case 'dns1123-label':
      return isDNS1123Label(value);
    case 'dns1035-label':
      return isDNS1035Label(value);
    case 'path-segment':
      return isValidPathSegmentName(name);
    case 'none':
      return [];
  }
}

/**
 * The name part of `ValidateObjectMeta`: `generateName` and `name` against the kind's rule, the "name or
 * generateName is required" rule, and the namespace (required and a DNS label for namespaced kinds, forbidden for
 * cluster-scoped ones). Labels, annotations, finalizers and owner references are the registry's generic checks.
 */
export function objectMetaNameErrors(
  rule: NameRule,
  namespaced: boolean,
  metadata: ObjectMeta,
): FieldError[] {
  if (rule === 'none') return [];
  const errors: FieldError[] = [];
  if (metadata.generateName) {
    for (const message of nameRuleErrors(rule, metadata.generateName, true)) {
      errors.push(invalidError('metadata.generateName', metadata.generateName, message));
    }
  }
  if (!metadata.name) {
    errors.push(requiredError('metadata.name', 'name or generateName is required'));
  } else {
    for (const message of nameRuleErrors(rule, metadata.name)) {
      errors.push(invalidError('metadata.name', metadata.name, message));
    }
  }
  errors.push(...namespaceErrors(namespaced, metadata.namespace));
  return errors;
}

function namespaceErrors(namespaced: boolean, namespace: string | undefined): FieldError[] {
  if (!namespaced) {
    return namespace ? [forbiddenError('metadata.namespace', 'not allowed on this type')] : [];
  }
  if (!namespace) return [requiredError('metadata.namespace')];
  return isDNS1123Label(namespace).map((message) => invalidError('metadata.namespace', namespace, message));
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** `validateFinalizerName`: a qualified name, and fully qualified (`domain/name`) unless it is a standard one. */
export function finalizerNameErrors(field: string, finalizer: string): FieldError[] {
  const errors = isQualifiedName(finalizer).map((message) => invalidError(field, finalizer, message));
  if (!STANDARD_FINALIZERS.has(finalizer) && !finalizer.includes('/')) {
    errors.push(
      invalidError(field, finalizer, 'name is neither a standard finalizer name nor is it fully qualified'),
    );
  }
  return errors;
}
