/**
 * `ramen crds [--ramen|--external] [--kind K]`: prints the CRDs as YAML, so `ramen crds | kubectl apply -f -` installs
 * the API on any cluster without a checkout.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { allKinds, ramenKinds, toCustomResourceDefinition } from '../../api/index.js';
import { CliError } from '../run-cli.js';

interface CrdsOptions {
  ramen?: boolean;
  external?: boolean;
  kind?: string[];
}

/** Registers `ramen crds`. */
export function registerCrdsCommand(program: Command): void {
  program
    .command('crds')
    .description('print the CustomResourceDefinitions as YAML (pipe into kubectl apply -f -)')
    .option('--ramen', "only Ramen's own kinds (ramendr.openshift.io)")
    .option('--external', 'only the external kinds (OCM, csi-addons, VolSync, snapshots, recipes)')
    .option('--kind <kind...>', 'only these kinds (by kind name, case-insensitive)')
    .action((options: CrdsOptions) => {
      let kinds = allKinds;
      if (options.ramen) kinds = kinds.filter((k) => ramenKinds.includes(k));
      if (options.external) kinds = kinds.filter((k) => !ramenKinds.includes(k));
      if (options.kind) {
        const wanted = new Set(options.kind.map((k) => k.toLowerCase()));
        const unknown = [...wanted].filter((w) => !allKinds.some((k) => k.kind.toLowerCase() === w));
        if (unknown.length)
          throw new CliError(
            `unknown kind ${unknown.join(', ')}: run 'ramen crds' without --kind to see all kinds`,
          );
        kinds = kinds.filter((k) => wanted.has(k.kind.toLowerCase()));
      }
      const docs = kinds.map((kind) =>
        stringify(toCustomResourceDefinition(kind), { version: '1.1', lineWidth: 0 }),
      );
      process.stdout.write(docs.map((doc) => `---\n${doc}`).join(''));
    });
}
