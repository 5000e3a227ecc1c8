/**
 * Get-or-create helpers for the defaulting and admission hooks, which fill nested optional fields in place
 * (`spec.strategy.rollingUpdate`, `metadata.finalizers`) the way Go code allocates a nil pointer or slice.
 */

/** `target[key]`, set to `{}` first when absent. */
export function ensureObject<T extends object, K extends keyof T>(target: T, key: K): NonNullable<T[K]> {
  if (target[key] === undefined || target[key] === null) target[key] = {} as T[K];
  return target[key] as NonNullable<T[K]>;
}

/** `target[key]`, set to `[]` first when absent. */
export function ensureArray<T extends object, K extends keyof T>(target: T, key: K): NonNullable<T[K]> {
  if (target[key] === undefined || target[key] === null) target[key] = [] as T[K];
  return target[key] as NonNullable<T[K]>;
}
