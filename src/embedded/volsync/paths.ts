/**
 * Where the VolSync movers meet on disk. The rsync-TLS movers of all clusters share one transfer area next to the
 * clusters' directories (`<stateDir>/../volsync-transfer/`): a destination publishes its address there and a source
 * resolves it there, the way a real source resolves a Service name through DNS. (Snapshot directories belong to the
 * embedded CSI driver: see src/embedded/volumes/snapshot-paths.ts.)
 */
import { dirname, join } from 'node:path';

/** The transfer area every cluster's movers share: a sibling of the cluster state directories. */
export function transferRoot(stateDir: string): string {
  return join(dirname(stateDir), 'volsync-transfer');
}
