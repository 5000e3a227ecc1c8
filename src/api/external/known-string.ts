/**
 * A string field whose upstream CRD accepts any string but whose producers use a known set of values (csi-addons'
 * `status.state`, VolSync's condition reasons, ...). The schema stays an unrestricted string, so we accept what
 * upstream accepts, while TypeScript still offers the known values.
 */
import { Type } from '@sinclair/typebox';
import type { KubeSchemaOptions } from '../schema/index.js';

/** An unrestricted string typed as `values` plus any other string. */
export function KnownString<const T extends readonly string[]>(_values: T, options: KubeSchemaOptions = {}) {
  return Type.Unsafe<T[number] | (string & {})>({ ...options, type: 'string' });
}
