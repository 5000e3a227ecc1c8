/** Runs a commander program so that a failure prints one clear line (and its cause) and exits non-zero. */
import type { Command } from 'commander';
import pc from 'picocolors';

/** An error the user can act on: printed without a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
  /** @param exitCode the process exit code @default 1 */
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Parses `argv` and runs the chosen command; failures become messages on stderr and an exit code. */
export async function runCli(program: Command, argv: readonly string[]): Promise<void> {
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : 1;
    process.stderr.write(`${pc.red('error:')} ${error instanceof Error ? error.message : String(error)}\n`);
    if (!(error instanceof CliError) && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    process.exitCode = exitCode;
  }
}
