/**
 * Scalars whose TypeScript type is narrower or wider than what their schema node says. Ramen declares some state
 * fields as a plain `type: string` (Go string constants, no enum in the CRD) and some timestamps as `nullable`
 * (non-pointer metav1.Time serialises a zero time as `null`); these builders keep the CRD node exactly as Ramen
 * emits it while giving our code the precise type.
 */
import { Type } from '@sinclair/typebox';
import { DateTime, type KubeSchemaOptions } from './builders.js';

/** A plain string node typed as the union `T` (the CRD carries no enum, so the API server accepts any string). */
export function TypedString<T extends string>(options: KubeSchemaOptions = {}) {
  return Type.Unsafe<T>(Type.String(options));
}

/** An RFC 3339 timestamp that may be `null` (a zero, non-pointer metav1.Time). */
export function NullableDateTime(options: KubeSchemaOptions = {}) {
  return Type.Unsafe<string | null>(DateTime({ ...options, nullable: true }));
}

/**
 * A plain string node typed as the known `values` plus any other string: for fields whose upstream CRD accepts any
 * string but whose producers use a known set (csi-addons' `status.state`, VolSync's condition reasons), so we accept
 * what upstream accepts while TypeScript still offers the known values.
 */
export function KnownString<const T extends readonly string[]>(_values: T, options: KubeSchemaOptions = {}) {
  return Type.Unsafe<T[number] | (string & {})>(Type.String(options));
}
