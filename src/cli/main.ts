#!/usr/bin/env node
/** The `ramen` command. Each subcommand lives in its own file under commands/ and registers itself here. */
import { Command } from 'commander';
import { registerApiserverCommand } from './commands/apiserver.js';
import { registerCrdsCommand } from './commands/crds.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerEnvCommand } from './commands/env.js';
import { registerValidateCommand } from './commands/validate.js';
import { runCli } from './run-cli.js';

const program = new Command('ramen')
  .description('Disaster recovery for Kubernetes applications, API-compatible with RamenDR.')
  .showHelpAfterError();

registerApiserverCommand(program);
registerCrdsCommand(program);
registerValidateCommand(program);
registerDemoCommand(program);
registerEnvCommand(program);

await runCli(program, process.argv);
