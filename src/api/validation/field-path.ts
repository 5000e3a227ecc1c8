/**
 * Field paths of the object being validated. The walkers push and pop segments as they descend (no string is built
 * unless an error is reported) and render a path in one of the two notations Kubernetes uses: `field.Path`
 * (`spec.labels[app]`, `spec.items[0]`) for most errors, and kube-openapi's (`spec.labels.app`) for schema-keyword
 * errors and pruned-field paths.
 */

/** Appends a field name to a rendered path (`spec` + `size` → `spec.size`). */
export function childPath(base: string, name: string): string {
  return base === '' ? name : `${base}.${name}`;
}

/** Appends a map key or list index to a rendered path (`spec.labels` + `app` → `spec.labels[app]`). */
export function subscriptPath(base: string, key: string | number): string {
  return `${base}[${key}]`;
}

/** A mutable path: push when descending, pop when returning, render only when needed. */
export class PathStack {
  private readonly parts: (string | number)[] = [];
  private readonly mapKeys: boolean[] = [];

  /** Descends into an object property. */
  pushField(name: string): void {
    this.parts.push(name);
    this.mapKeys.push(false);
  }

  /** Descends into a map value (`additionalProperties`). */
  pushKey(key: string): void {
    this.parts.push(key);
    this.mapKeys.push(true);
  }

  /** Descends into a list item. */
  pushIndex(index: number): void {
    this.parts.push(index);
    this.mapKeys.push(false);
  }

  /** Returns to the parent. */
  pop(): void {
    this.parts.pop();
    this.mapKeys.pop();
  }

  /** The `field.Path` of a field (name) or list item (index) right below the current position, for an error there. */
  childField(part: string | number): string {
    if (typeof part === 'number') this.pushIndex(part);
    else this.pushField(part);
    const field = this.toField();
    this.pop();
    return field;
  }

  /** The path in `field.Path` notation: `spec.labels[app]`, `spec.items[0].name`. */
  toField(): string {
    let out = '';
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i] as string | number;
      out = typeof part === 'number' || this.mapKeys[i] ? subscriptPath(out, part) : childPath(out, part);
    }
    return out;
  }

  /** The path in kube-openapi notation, where map keys are dotted: `spec.labels.app`, `spec.items[0].name`. */
  toOpenAPI(): string {
    let out = '';
    for (const part of this.parts)
      out = typeof part === 'number' ? subscriptPath(out, part) : childPath(out, part);
    return out;
  }
}
