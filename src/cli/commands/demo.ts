/**
 * `ramen demo` (what `npm start` runs): the disaster-recovery demo on the embedded environment. The operators are not
 * built yet, so for now it shows what this build contains and what the demo will do; it never pretends to run a
 * failover it cannot run.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { allKinds, ramenKinds } from '../../api/index.js';

/** Registers `ramen demo`. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the disaster-recovery demo on the embedded environment')
    .action(() => {
      const external = allKinds.filter((k) => !ramenKinds.includes(k));
      const lines = [
        pc.bold('ramen: disaster recovery for Kubernetes, API-compatible with RamenDR'),
        '',
        pc.bold('In this build'),
        `  API: ${ramenKinds.length} Ramen kinds (${ramenKinds.map((k) => k.kind).join(', ')})`,
        `       ${external.length} external kinds (OCM, csi-addons, VolSync, snapshots, recipes)`,
        '  CRDs: deploy/crds (or `npx ramen crds | kubectl apply -f -`)',
        '  Validation: `npx ramen validate -f <file.yaml>` checks objects as the Kubernetes API server would',
        '  Embedded API server: `npx ramen apiserver --state-dir DIR` (kubectl and client-node talk to it over HTTPS)',
        '  Embedded environment: `npx ramen env up` starts a hub and dr1, dr2 with OCM agents, storage with',
        '    replication (volumes and consistency groups, metro with fencing), VolSync movers, a kubelet and S3;',
        '    it prints the kubeconfig (contexts hub, dr1, dr2)',
        '  Controller runtime: informers, work queue, manager with leader election (src/runtime)',
        '',
        pc.bold('Not built yet'),
        '  The hub and managed-cluster operators (DRPolicy, DRCluster, DRPC, VRG), and so this demo itself.',
        '  When they exist, this command deploys a sample application on dr1, protects it, fails it over',
        '  to dr2 and relocates it back, showing each DRPC progression as it happens.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
