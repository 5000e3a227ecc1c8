/**
 * Runs every CEL rule of a schema over an object: a node's own rules first, then its children's, skipping null
 * values and subtrees without rules. On update each node is paired with its old value (see correlation.ts) for
 * `oldSelf`; failures of non-transition rules on a correlated node whose value did not change are ratcheted away.
 */

import { isJsonObject, jsonEqual } from '../json-value.js';
import { evaluateRules, type RuleContext } from './cel-rules.js';
import { CelValueConverter } from './cel-values.js';
import { correlateField, listCorrelator } from './correlation.js';
import type { FieldError } from './field-error.js';
import { PathStack } from './field-path.js';
import type { SchemaNode } from './schema-node.js';

class RuleWalk {
  readonly errors: FieldError[] = [];
  private readonly path = new PathStack();
  private readonly converter = new CelValueConverter();

  visit(value: unknown, node: SchemaNode, old: unknown): void {
    if (value === null || value === undefined || !node.rulesInside) return;
    if (node.rules.length) this.evaluate(value, node, old);
    if (Array.isArray(value)) this.visitItems(value, node, old);
    else if (isJsonObject(value)) this.visitFields(value, node, old);
  }

  private evaluate(value: unknown, node: SchemaNode, old: unknown): void {
    let unchanged: boolean | undefined;
    const context: RuleContext = {
      path: this.path,
      toCel: (v, n) => this.converter.toCel(v, n),
      report: (error, ratchetable) => {
        if (ratchetable && old !== undefined) {
          unchanged ??= jsonEqual(old, value);
          if (unchanged) return;
        }
        this.errors.push(error);
      },
    };
    evaluateRules(node, value, old, context);
  }

  private visitItems(value: unknown[], node: SchemaNode, old: unknown): void {
    const items = node.items;
    if (!items?.rulesInside) return;
    const oldItemOf = listCorrelator(node, old);
    value.forEach((item, index) => {
      this.path.pushIndex(index);
      this.visit(item, items, oldItemOf?.(item));
      this.path.pop();
    });
  }

  private visitFields(value: Record<string, unknown>, node: SchemaNode, old: unknown): void {
    if (node.properties) {
      for (const [name, property] of node.properties) {
        if (!property.rulesInside || !Object.hasOwn(value, name)) continue;
        this.path.pushField(name);
        this.visit(value[name], property, correlateField(old, name));
        this.path.pop();
      }
    }
    const additional = node.additionalProperties;
    if (!additional?.rulesInside) return;
    for (const [key, item] of Object.entries(value)) {
      if (node.properties?.has(key)) continue;
      this.path.pushKey(key);
      this.visit(item, additional, correlateField(old, key));
      this.path.pop();
    }
  }
}

/** The CEL rule failures of `value` against `root`; `old` is the (defaulted) old object on update. */
export function validateRules(value: unknown, root: SchemaNode, old?: unknown): FieldError[] {
  const walk = new RuleWalk();
  walk.visit(value, root, old);
  return walk.errors;
}
