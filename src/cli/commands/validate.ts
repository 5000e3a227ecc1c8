/**
 * `ramen validate -f FILE [--old FILE] [--validate strict|warn|ignore]`: checks objects against our CRDs exactly as
 * the Kubernetes API server would (pruning, defaults, schema, CEL rules with oldSelf for updates), without a cluster.
 * Useful before `kubectl apply` of Ramen YAML, and in CI for GitOps repositories.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import { parseAllDocuments } from 'yaml';
import {
  type FieldValidation,
  findKind,
  InvalidObjectError,
  kindSchema,
  StrictDecodingError,
} from '../../api/index.js';
import { CliError } from '../run-cli.js';

interface ValidateOptions {
  filename: string[];
  old?: string;
  validate: string;
}

type KubeDocument = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };

const MODES: Record<string, FieldValidation> = { strict: 'Strict', warn: 'Warn', ignore: 'Ignore' };

function readDocuments(path: string): KubeDocument[] {
  let text: string;
  try {
    text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, 1, { cause: error });
  }
  const documents = parseAllDocuments(text);
  const docs: KubeDocument[] = [];
  for (const document of documents) {
    const problem = document.errors[0];
    if (problem) throw new CliError(`${path} is not valid YAML: ${problem.message}`, 1, { cause: problem });
    const value = document.toJS() as unknown;
    if (value !== null) docs.push(value as KubeDocument);
  }
  return docs;
}

function identify(doc: KubeDocument): string {
  const name = doc.metadata?.name ?? '<no name>';
  const ns = doc.metadata?.namespace ? `${doc.metadata.namespace}/` : '';
  return `${doc.kind ?? '<no kind>'} ${ns}${name}`;
}

function sameObject(a: KubeDocument, b: KubeDocument): boolean {
  return (
    a.kind === b.kind &&
    a.apiVersion === b.apiVersion &&
    a.metadata?.name === b.metadata?.name &&
    (a.metadata?.namespace ?? '') === (b.metadata?.namespace ?? '')
  );
}

/** Validates one document; returns the problem text or undefined. */
function check(doc: KubeDocument, old: KubeDocument | undefined, mode: FieldValidation): string | undefined {
  const kind = doc.apiVersion && doc.kind ? findKind(doc.apiVersion, doc.kind) : undefined;
  if (!kind) {
    return `no schema for apiVersion ${doc.apiVersion ?? '<none>'} kind ${doc.kind ?? '<none>'}: run 'ramen crds' to list the kinds ramen knows`;
  }
  try {
    const { warnings } = kindSchema(kind).admit(doc as Record<string, unknown>, {
      fieldValidation: mode,
      ...(old ? { oldObject: old } : {}),
    });
    for (const warning of warnings) process.stdout.write(`${pc.yellow('Warning:')} ${warning}\n`);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidObjectError || error instanceof StrictDecodingError) return error.message;
    throw error;
  }
}

/** Registers `ramen validate`. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check objects against the CRDs as the Kubernetes API server would, without a cluster')
    .requiredOption('-f, --filename <file...>', 'YAML files to check (- for standard input)')
    .option(
      '--old <file>',
      'the objects as they are now: check the files as updates of these (immutability rules)',
    )
    .option(
      '--validate <mode>',
      'unknown fields: strict (refuse, as kubectl does), warn, or ignore',
      'strict',
    )
    .action((options: ValidateOptions) => {
      const mode = MODES[options.validate.toLowerCase()];
      if (!mode) throw new CliError(`--validate must be strict, warn or ignore, not "${options.validate}"`);
      const olds = options.old ? readDocuments(options.old) : [];
      let failures = 0;
      let count = 0;
      for (const file of options.filename) {
        for (const doc of readDocuments(file)) {
          count++;
          const old = olds.find((candidate) => sameObject(candidate, doc));
          const problem = check(doc, old, mode);
          if (problem) {
            failures++;
            process.stdout.write(`${pc.red('invalid')} ${identify(doc)}: ${problem}\n`);
          } else {
            process.stdout.write(`${pc.green('valid')}   ${identify(doc)}${old ? ' (as an update)' : ''}\n`);
          }
        }
      }
      if (count === 0) throw new CliError('no objects found in the given files');
      if (failures) throw new CliError(`${failures} of ${count} objects are invalid`);
    });
}
