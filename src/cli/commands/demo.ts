/**
 * `ramen demo` (what `npm start` runs): the disaster-recovery demo on the embedded environment. The environment and
 * the operators are not built yet, so for now it shows what this build contains and what the demo will do; it never
 * pretends to run a failover it cannot run.
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
        '',
        pc.bold('Not built yet'),
        '  The embedded environment (hub + dr1 + dr2 on loopback), the operators and this demo itself.',
        '  When they exist, this command deploys a sample application on dr1, protects it, fails it over',
        '  to dr2 and relocates it back, showing each DRPC progression as it happens.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
