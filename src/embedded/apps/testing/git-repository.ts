/**
 * Test support: a throw-away local git repository to point a Channel at, with helpers to write files and commit
 * them (the author is fixed, so no global git configuration is needed).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const AUTHOR_ENV = {
  GIT_AUTHOR_NAME: 'Ramen Test',
  GIT_AUTHOR_EMAIL: 'test@ramendr.invalid',
  GIT_COMMITTER_NAME: 'Ramen Test',
  GIT_COMMITTER_EMAIL: 'test@ramendr.invalid',
};

/** A temporary repository on branch `main`. */
export interface TestGitRepository {
  path: string;
  /** Writes files (relative path → content), commits them and returns the new commit. */
  commit(files: Record<string, string>, message?: string): Promise<string>;
  dispose(): Promise<void>;
}

async function git(path: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', path, ...args], { env: { ...process.env, ...AUTHOR_ENV } });
  return stdout.trim();
}

/** Creates an empty repository with branch `main` in a temporary directory. */
export async function createTestGitRepository(): Promise<TestGitRepository> {
  const path = await mkdtemp(join(tmpdir(), 'ramen-apps-repo-'));
  await git(path, ['init', '--quiet', '--initial-branch=main']);
  return {
    path,
    commit: async (files, message = 'update') => {
      for (const [name, content] of Object.entries(files)) {
        const file = join(path, name);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, content);
      }
      await git(path, ['add', '--all']);
      await git(path, ['commit', '--quiet', '--message', message]);
      return git(path, ['rev-parse', 'HEAD']);
    },
    dispose: () => rm(path, { recursive: true, force: true }),
  };
}

/** The busybox sample as a kustomize folder (Deployment and PVC, with a name prefix and common labels). */
export function busyboxKustomization(
  options: { namePrefix?: string; image?: string } = {},
): Record<string, string> {
  const image = options.image ?? 'quay.io/nirsof/busybox:stable';
  return {
    'workloads/busybox/kustomization.yaml': [
      'resources:',
      '  - deployment.yaml',
      '  - pvc.yaml',
      `namePrefix: ${options.namePrefix ?? 'e2e-'}`,
      'commonLabels:',
      '  appname: busybox',
      '',
    ].join('\n'),
    'workloads/busybox/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: busybox
spec:
  replicas: 1
  selector:
    matchLabels:
      app: busybox
  template:
    metadata:
      labels:
        app: busybox
    spec:
      containers:
        - name: busybox
          image: ${image}
          command: ['sh', '-c', 'while true; do echo $(date) | tee -a /mnt/test/outfile; sync; sleep 10; done']
          volumeMounts:
            - name: volume
              mountPath: /mnt/test
      volumes:
        - name: volume
          persistentVolumeClaim:
            claimName: busybox-pvc
`,
    'workloads/busybox/pvc.yaml': `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: busybox-pvc
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
`,
  };
}
