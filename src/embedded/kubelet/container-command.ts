/**
 * What a container runs when there is no container runtime (images are ignored): a shell command (`sh -c "…"`,
 * `/bin/bash -c …`) runs as a real `/bin/sh` (or `/bin/bash`) process; anything else — no command, an image's
 * entrypoint, a program that exists only in the image — becomes an idle process that runs until it is
 * terminated, so the pod still starts, becomes ready and stops like a long-running service.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Pod } from '../../apiserver/builtins/index.js';

type PodContainer = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

const SHELLS: ReadonlySet<string> = new Set(['sh', 'ash', 'dash', 'bash', 'ksh', 'zsh']);

/** The argv that stands for a container that cannot run for real. */
export const IDLE_COMMAND: readonly string[] = ['sleep', 'infinity'];

/** Kubernetes' `$(VAR)` expansion of command and args (`$$(VAR)` escapes). */
export function expandVariables(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (name === undefined) return '$';
    return env[name] ?? match;
  });
}

/** The environment of a container: its plain `env` values over a minimal base (never the kubelet's own). */
export function containerEnvironment(container: PodContainer, pod: Pod): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    HOSTNAME: pod.spec?.hostname ?? pod.metadata.name ?? '',
  };
  for (const variable of container.env ?? []) {
    if (variable.name && variable.value !== undefined)
      env[variable.name] = expandVariables(variable.value, env);
  }
  return env;
}

/** The argv the container runs; see the module comment. */
export function containerArgv(container: PodContainer, env: Readonly<Record<string, string>>): string[] {
  const command = container.command ?? [];
  if (command.length === 0) return [...IDLE_COMMAND];
  const argv = [...command, ...(container.args ?? [])].map((part) => expandVariables(part, env));
  const program = basename(argv[0] ?? '');
  if (!SHELLS.has(program)) return [...IDLE_COMMAND];
  const shell = program === 'bash' && existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
  return [shell, ...argv.slice(1)];
}
