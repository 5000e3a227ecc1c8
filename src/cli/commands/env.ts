/**
 * `ramen env`: the embedded environment (a hub and managed clusters on loopback) for trying Ramen, demos and tests.
 *
 * - `env up` runs it in the foreground, printing each start step with its time and then what runs where; it writes
 *   `<state-dir>/run.json` (pid, control endpoint, token) and stops cleanly on Ctrl-C or SIGTERM, keeping its state.
 * - `env down` sends SIGTERM to the process in run.json and waits until it has stopped.
 * - `env status` probes every API server (`/healthz`) and object store recorded in environment.json.
 * - `env stop-cluster|start-cluster|partition|heal <name>` and `env s3 down|up [name]` apply faults to the running
 *   environment through its control endpoint: JSON over HTTP on 127.0.0.1, authenticated by the bearer token that
 *   run.json (readable by its owner only) holds.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { type Level, pino } from 'pino';
import { readKubeconfig } from '../../apiserver/http/index.js';
import {
  type Environment,
  EnvironmentError,
  isProcessAlive,
  type PublicClusterStatus,
  probeApiServer,
  probeS3,
  type RunInfo,
  readEnvironmentState,
  readRunInfo,
  removeRunInfo,
  type StartStep,
  sendControl,
  startControlServer,
  startEnvironment,
  writeRunInfo,
} from '../../embedded/index.js';
import { CliError } from '../run-cli.js';

const DEFAULT_STATE_DIR = '.ramen/env';

interface UpOptions {
  clusters: string;
  hub: string;
  stateDir: string;
  timeScale: string;
  operators: boolean;
  logLevel: string;
}

interface StateDirOption {
  stateDir: string;
}

const STEP_LABELS: Readonly<Record<StartStep, string>> = {
  servers: 'API servers and object stores listening',
  kubeconfig: 'kubeconfig written',
  bootstrap: 'CRDs, ramen-system, S3 secrets and RamenConfig applied',
  'hub-agents': 'hub agents started',
  'managed-agents': 'managed-cluster agents started',
};

const LOG_LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function parseTimeScale(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new CliError(`--time-scale must be a positive number, got ${text}`);
  }
  return value;
}

function parseClusters(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Colours a probe result after padding (escape codes would throw the column widths off). */
function paintCell(padded: string): string {
  const word = padded.trim();
  if (word === 'up') return pc.green(padded);
  if (word === 'down') return pc.red(padded);
  return padded;
}

/** Renders rows as a left-aligned table (the first row is the header). */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows.map((row, index) => {
    const cells = row.map((cell, column) => cell.padEnd(widths[column] ?? 0));
    return index === 0 ? pc.bold(cells.join('  ').trimEnd()) : cells.map(paintCell).join('  ').trimEnd();
  });
}

function printWhatRuns(env: Environment, operatorsWanted: boolean): void {
  out();
  const rows: string[][] = [['CLUSTER', 'ROLE', 'API SERVER', 'S3 PROFILE', 'S3 ENDPOINT']];
  for (const status of env.status()) {
    rows.push([
      status.name,
      status.role,
      status.apiServerUrl,
      status.s3?.profileName ?? '-',
      status.s3 ? `${status.s3.endpoint} (bucket ${status.s3.bucket})` : '-',
    ]);
  }
  for (const line of table(rows)) out(`  ${line}`);
  out();
  out(
    `${pc.bold('kubeconfig')}  ${env.kubeconfigPath}  (contexts: ${env.clusters.join(', ')}; current: ${env.hub})`,
  );
  out(
    `${pc.bold('try')}         kubectl --kubeconfig ${env.kubeconfigPath} --context ${env.managedClusters[0]} get ns`,
  );
  out(
    `${pc.bold('agents')}      ${env
      .status()
      .map((s) => `${s.name}: ${s.agents.join(', ') || 'none'}`)
      .join('; ')}`,
  );
  out(
    operatorsWanted
      ? `${pc.bold('operators')}   ${pc.yellow('none built yet')}: the hub and cluster operators are not part of this build, so nothing reconciles DRPolicy/DRPC/VRG`
      : `${pc.bold('operators')}   not started (--no-operators)`,
  );
  out(
    `${pc.bold('faults')}      ramen env stop-cluster|start-cluster|partition|heal <cluster>, ramen env s3 down|up [cluster]`,
  );
  out(pc.dim('Ctrl-C (or `ramen env down`) stops the environment; its state stays in the state directory.'));
}

async function up(options: UpOptions): Promise<void> {
  const timeScale = parseTimeScale(options.timeScale);
  if (!LOG_LEVELS.includes(options.logLevel)) {
    throw new CliError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const running = await readRunInfo(options.stateDir);
  if (running !== undefined) {
    throw new CliError(
      `an environment already runs on ${options.stateDir} (pid ${running.pid}); stop it with \`ramen env down\``,
    );
  }
  const clusters = parseClusters(options.clusters);
  out(
    `${pc.bold('ramen env')}: ${options.hub} + ${clusters.join(', ')} in ${options.stateDir} (time scale ${timeScale})`,
  );
  const started = performance.now();
  let env: Environment;
  try {
    env = await startEnvironment({
      clusters,
      hub: options.hub,
      stateDir: options.stateDir,
      timeScale,
      logger: pino({ level: options.logLevel as Level | 'silent' }, pino.destination(2)),
      onStep: (step, ms) => out(`  ${pc.green('✓')} ${STEP_LABELS[step]} ${pc.dim(`(${ms.toFixed(0)} ms)`)}`),
    });
  } catch (error) {
    if (error instanceof EnvironmentError) throw new CliError(error.message, 1, { cause: error });
    throw error;
  }
  const control = await startControlServer(env);
  await writeRunInfo(options.stateDir, {
    pid: process.pid,
    controlUrl: control.url,
    token: control.token,
    startedAt: new Date().toISOString(),
  });
  out(`  ${pc.green('✓')} ready ${pc.dim(`(${(performance.now() - started).toFixed(0)} ms in all)`)}`);
  printWhatRuns(env, options.operators);

  const signal = await untilSignal();
  out(`${signal}: stopping the environment`);
  const stopping = performance.now();
  try {
    await control.close();
    await env.stop();
  } finally {
    await removeRunInfo(options.stateDir);
  }
  out(
    `stopped ${pc.dim(`(${(performance.now() - stopping).toFixed(0)} ms)`)}; state kept in ${options.stateDir}`,
  );
}

async function requireRunning(stateDir: string): Promise<RunInfo> {
  const run = await readRunInfo(stateDir);
  if (run === undefined) {
    throw new CliError(
      `no environment runs on ${stateDir}; start one with \`ramen env up --state-dir ${stateDir}\``,
    );
  }
  return run;
}

async function down(options: StateDirOption): Promise<void> {
  const run = await requireRunning(options.stateDir);
  process.kill(run.pid, 'SIGTERM');
  out(`sent SIGTERM to the environment (pid ${run.pid}); waiting for it to stop`);
  const deadline = Date.now() + 60_000;
  while (isProcessAlive(run.pid)) {
    if (Date.now() > deadline)
      throw new CliError(`the environment (pid ${run.pid}) did not stop within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  out('stopped');
}

async function status(options: StateDirOption): Promise<void> {
  const state = await readEnvironmentState(options.stateDir);
  if (state === undefined)
    throw new CliError(`no environment state in ${options.stateDir}; run \`ramen env up\``);
  const run = await readRunInfo(options.stateDir);
  let live: PublicClusterStatus[] | undefined;
  if (run !== undefined) live = await sendControl(run, 'GET', '/status').catch(() => undefined);
  const kubeconfig = await readKubeconfig(`${options.stateDir}/kubeconfig`).catch(() => undefined);
  const caOf = (name: string) => {
    const data = kubeconfig?.clusters.find((c) => c.name === name)?.cluster['certificate-authority-data'];
    return data === undefined ? undefined : Buffer.from(data, 'base64').toString('utf8');
  };
  out(run ? `environment running (pid ${run.pid}, since ${run.startedAt})` : 'environment not running');
  const rows: string[][] = [['CLUSTER', 'ROLE', 'STATE', 'API SERVER', 'API', 'S3 ENDPOINT', 'S3']];
  for (const name of [state.hub, ...state.managedClusters]) {
    const apiUrl = `https://127.0.0.1:${state.apiServerPorts[name]}`;
    const s3Port = state.s3Ports[name];
    const s3Url = s3Port === undefined ? undefined : `http://127.0.0.1:${s3Port}`;
    const [api, s3] = await Promise.all([
      probeApiServer(apiUrl, caOf(name)),
      s3Url === undefined ? Promise.resolve(undefined) : probeS3(s3Url),
    ]);
    const clusterStatus = live?.find((entry) => entry.name === name);
    const stateText = clusterStatus
      ? `${clusterStatus.state}${clusterStatus.partitioned ? ', partitioned' : ''}`
      : run
        ? '?'
        : 'stopped';
    rows.push([
      name,
      name === state.hub ? 'hub' : 'managed',
      stateText,
      apiUrl,
      api,
      s3Url ?? '-',
      s3 ?? '-',
    ]);
  }
  for (const line of table(rows)) out(line);
}

async function control(stateDir: string, path: string, done: string): Promise<void> {
  const run = await requireRunning(stateDir);
  try {
    await sendControl(run, 'POST', path);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 1, { cause: error });
  }
  out(done);
}

function stateDirOption(command: Command): Command {
  return command.option('--state-dir <dir>', 'the environment state directory', DEFAULT_STATE_DIR);
}

/** Registers `ramen env` and its subcommands. */
export function registerEnvCommand(program: Command): void {
  const env = program
    .command('env')
    .description('the embedded environment: a hub and managed clusters on loopback, with faults');

  stateDirOption(env.command('up'))
    .description('start the environment in the foreground (Ctrl-C stops it, keeping its state)')
    .option('--clusters <names>', 'managed clusters, comma-separated', 'dr1,dr2')
    .option('--hub <name>', 'the hub cluster name', 'hub')
    .option('--time-scale <n>', 'run agent schedules n times faster (operators are not scaled)', '1')
    .option('--no-operators', 'do not start the operators')
    .option('--log-level <level>', 'agent log level on stderr', 'warn')
    .action((options: UpOptions) => up(options));

  stateDirOption(env.command('down'))
    .description('stop the running environment (its state stays)')
    .action((options: StateDirOption) => down(options));

  stateDirOption(env.command('status'))
    .description('probe every API server and object store of the environment')
    .action((options: StateDirOption) => status(options));

  const faults: ReadonlyArray<[string, string, string]> = [
    ['stop-cluster', 'stop', 'stop a cluster: API server, agents, workloads and its object store go dark'],
    ['start-cluster', 'start', 'start a stopped cluster again on the same ports and state'],
    ['partition', 'partition', 'cut a managed cluster off the hub (its hub-facing agents stop)'],
    ['heal', 'heal', 'end a partition'],
  ];
  for (const [name, action, description] of faults) {
    stateDirOption(env.command(name))
      .description(description)
      .argument('<cluster>', 'the cluster')
      .action((cluster: string, options: StateDirOption) =>
        control(
          options.stateDir,
          `/clusters/${encodeURIComponent(cluster)}/${action}`,
          `${cluster}: ${action} done`,
        ),
      );
  }

  stateDirOption(env.command('s3'))
    .description('take object stores off the network (down) or bring them back (up)')
    .argument('<direction>', 'down or up')
    .argument('[cluster]', 'one managed cluster (default: every object store)')
    .action((direction: string, cluster: string | undefined, options: StateDirOption) => {
      if (direction !== 'down' && direction !== 'up')
        throw new CliError('usage: ramen env s3 down|up [cluster]');
      const path =
        cluster === undefined ? `/s3/${direction}` : `/s3/${encodeURIComponent(cluster)}/${direction}`;
      return control(options.stateDir, path, `S3 ${cluster ?? '(all)'}: ${direction}`);
    });
}
