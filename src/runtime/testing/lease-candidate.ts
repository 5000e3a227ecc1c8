/**
 * Test support, run as a child process (`node --import tsx lease-candidate.ts <kubeconfig> <identity> [slowMs]`):
 * a manager with leader election (lease 3 s, renew 2 s, retry 0.5 s) and a controller that stamps its identity
 * into ConfigMaps labelled `stamp=true`, after `slowMs` per reconcile. It prints `LEADING`, `RECONCILING <name>`
 * and `STOPPED` lines, shuts down gracefully on SIGTERM, and is SIGKILLed to simulate a crash.
 */
import { pathToFileURL } from 'node:url';
import { ClientNodeClusterClient, ConfigMapResource, loadKubeConfig } from '../../kube/index.js';
import { createLogger } from '../logging.js';
import { Manager } from '../manager.js';
import { labelSelectorPredicate } from '../predicates.js';
import { shutdownSignal } from '../shutdown-signal.js';

/** The lease timing candidates use (short, so tests run in seconds). */
export const CANDIDATE_LEASE = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 } as const;

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const [kubeconfigPath, identity, slow] = process.argv.slice(2);
if (isMain && kubeconfigPath && identity) {
  const slowMs = Number(slow ?? 0);
  const client = new ClientNodeClusterClient({
    kubeConfig: loadKubeConfig({ path: kubeconfigPath }),
    name: 'hub',
  });
  const manager = new Manager({
    clusters: [client],
    logger: createLogger({ level: 'warn' }),
    leaderElection: { name: 'candidates', namespace: 'default', identity, ...CANDIDATE_LEASE },
  });
  manager.addController({
    name: 'stamp',
    for: {
      resource: ConfigMapResource,
      predicates: [labelSelectorPredicate({ matchLabels: { stamp: 'true' } })],
    },
    reconciler: async (request) => {
      process.stdout.write(`RECONCILING ${request.name}\n`);
      await new Promise((resolve) => setTimeout(resolve, slowMs));
      await client.patch(ConfigMapResource, request, {
        type: 'merge',
        patch: { metadata: { annotations: { 'stamped-by': identity } } },
      });
    },
  });
  void manager.elected().then(() => process.stdout.write('LEADING\n'));
  const trigger = shutdownSignal();
  manager.start(trigger.signal).then(
    () => {
      process.stdout.write('STOPPED\n');
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
