/**
 * `ramen apiserver --state-dir DIR --port N`: runs one embedded Kubernetes-compatible API server in the foreground,
 * for trying kubectl or an operator against it without the whole environment. It prints the kubeconfig to use and
 * stops cleanly (ending watches, flushing the store) on Ctrl-C or SIGTERM.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { ApiServerStartError, startApiServer } from '../../apiserver/http/index.js';
import { CliError } from '../run-cli.js';

interface ApiserverOptions {
  stateDir: string;
  port: string;
  host: string;
  name: string;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliError(`--port must be a number from 0 to 65535, got ${text}`);
  }
  return port;
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

/** Registers `ramen apiserver`. */
export function registerApiserverCommand(program: Command): void {
  program
    .command('apiserver')
    .description(
      'run one embedded Kubernetes API server in the foreground (kubectl and client-node work against it)',
    )
    .option(
      '--state-dir <dir>',
      'where objects, certificate, token and kubeconfig are kept',
      '.ramen/apiserver',
    )
    .option('--port <port>', 'HTTPS port to listen on (0 picks a free port)', '6443')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--name <name>', 'context name in the kubeconfig', 'embedded')
    .action(async (options: ApiserverOptions) => {
      const port = parsePort(options.port);
      let server: Awaited<ReturnType<typeof startApiServer>>;
      try {
        server = await startApiServer({
          stateDir: options.stateDir,
          port,
          host: options.host,
          name: options.name,
          onError: (error, req) => {
            process.stderr.write(`${pc.red('internal error')} ${req.method} ${req.url}: ${String(error)}\n`);
          },
        });
      } catch (error) {
        if (error instanceof ApiServerStartError) throw new CliError(error.message, 1, { cause: error });
        throw error;
      }
      const lines = [
        `${pc.bold('API server')} ${options.name} listening on ${server.url}`,
        `kubeconfig: ${server.kubeconfigPath}`,
        `try:        kubectl --kubeconfig ${server.kubeconfigPath} get namespaces`,
        pc.dim('Ctrl-C stops the server; its objects stay in the state directory.'),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      const signal = await untilSignal();
      process.stdout.write(`${signal}: stopping\n`);
      await server.stop();
    });
}
