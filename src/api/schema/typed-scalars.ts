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
