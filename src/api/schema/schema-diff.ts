/**
 * Structural comparison of two CRD schemas, ignoring descriptions and key order. It is how we prove our CRDs are
 * Ramen's (and can tell an operator which fields of an installed CRD differ from ours).
 */
import { canonicalJson } from '../json-value.js';
import type { JSONSchemaProps } from './kind.js';

/** Keys whose content is compared by recursion rather than by value. */
const NESTED_KEYS = new Set(['properties', 'items', 'additionalProperties', 'description']);

/**
 * Lists every difference between `ours` and `theirs` as `path: what differs`. Empty means the two accept, default,
 * prune and validate the same objects.
 */
export function diffSchemas(ours: JSONSchemaProps, theirs: JSONSchemaProps, path = ''): string[] {
  const at = path || '<root>';
  const differences: string[] = [];
  const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)].filter((key) => !NESTED_KEYS.has(key)));
  for (const key of [...keys].sort()) {
    const a = canonicalJson(ours[key]);
    const b = canonicalJson(theirs[key]);
    if (a !== b) differences.push(`${at}: ${key} is ${a ?? 'absent'}, Ramen has ${b ?? 'absent'}`);
  }
  const ourProperties = ours.properties ?? {};
  const theirProperties = theirs.properties ?? {};
  for (const name of new Set([...Object.keys(ourProperties), ...Object.keys(theirProperties)])) {
    const child = `${path}.${name}`;
    const mine = ourProperties[name];
    const their = theirProperties[name];
    if (!mine) differences.push(`${child}: missing from ours`);
    else if (!their) differences.push(`${child}: not in Ramen's schema`);
    else differences.push(...diffSchemas(mine, their, child));
  }
  differences.push(...diffChild(ours.items, theirs.items, `${path}[]`));
  const ourAdditional = typeof ours.additionalProperties === 'object' ? ours.additionalProperties : undefined;
  const theirAdditional =
    typeof theirs.additionalProperties === 'object' ? theirs.additionalProperties : undefined;
  if (typeof ours.additionalProperties === 'boolean' || typeof theirs.additionalProperties === 'boolean') {
    if (ours.additionalProperties !== theirs.additionalProperties)
      differences.push(`${at}: additionalProperties differs`);
  } else differences.push(...diffChild(ourAdditional, theirAdditional, `${path}{}`));
  return differences;
}

function diffChild(
  ours: JSONSchemaProps | undefined,
  theirs: JSONSchemaProps | undefined,
  path: string,
): string[] {
  if (!ours && !theirs) return [];
  if (!ours) return [`${path}: missing from ours`];
  if (!theirs) return [`${path}: not in Ramen's schema`];
  return diffSchemas(ours, theirs, path);
}
