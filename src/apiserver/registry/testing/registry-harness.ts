/**
 * Test support for the registry: a registry over a real `MemoryStore` (in memory or persisting to a temporary
 * state directory), a settable clock, and a namespaced test CRD (`Widget`) with defaults, a CEL rule, the status
 * and scale subresources and printer columns, declared the way the product declares its kinds. `useHarness` and
 * `describeEachStore` give every test of a suite a fresh registry.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import { defineKind, toCustomResourceDefinition } from '../../../api/index.js';
import { type KubeObject, MemoryStore } from '../../store/index.js';
import { ResourceRegistry } from '../api-registry.js';
import type { ResourceInfo } from '../contract.js';

/** A namespaced custom kind exercising what CRDs can declare. */
export const WidgetKind = defineKind({
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
  shortNames: ['wd'],
  categories: ['all'],
  description: 'A test widget.',
  properties: {
    spec: Type.Optional(
      Type.Object(
        {
          size: Type.Integer({ default: 1, maximum: 10, description: 'How big.' }),
          max: Type.Optional(Type.Integer({ description: 'Upper bound of size.' })),
          replicas: Type.Optional(Type.Integer({ description: 'Desired copies.' })),
          color: Type.Optional(Type.String({ description: 'Paint.' })),
        },
        {
          'x-kubernetes-validations': [
            { rule: '!has(self.max) || self.size <= self.max', message: 'size must be <= max' },
          ],
        },
      ),
    ),
    status: Type.Optional(
      Type.Object({
        replicas: Type.Optional(Type.Integer({ description: 'Copies running.' })),
        selector: Type.Optional(Type.String({ description: 'Label selector of the copies.' })),
        phase: Type.Optional(Type.String({ description: 'Where it is.' })),
      }),
    ),
  },
  printerColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
  scale: {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.status.selector',
  },
});

/** The Widget CRD object. */
export function widgetCrd(): KubeObject {
  return toCustomResourceDefinition(WidgetKind) as unknown as KubeObject;
}

/** A clock tests can move. */
export class TestClock {
  #now: number;

  constructor(start = Date.parse('2026-01-02T03:04:05Z')) {
    this.#now = start;
  }

  /** The current time. */
  now = (): Date => new Date(this.#now);

  /** Moves the clock forward. */
  advance(seconds: number): void {
    this.#now += seconds * 1000;
  }
}

/** A registry under test with what tests need around it. */
export interface RegistryHarness {
  readonly registry: ResourceRegistry;
  readonly store: MemoryStore;
  readonly clock: TestClock;
  /** The served resource at group/version/resource; throws if it is not served. */
  info(group: string, version: string, resource: string): ResourceInfo;
  /** Closes the registry and the store (and removes a temporary state directory unless `keepState`). */
  close(keepState?: boolean): Promise<void>;
  /** The state directory, when persisting. */
  readonly stateDir: string | undefined;
}

/** Options of `openHarness`. */
export interface HarnessOptions {
  /** Persist to this directory (`'temp'` makes a fresh temporary one). @default in memory */
  stateDir?: string | 'temp';
  clock?: TestClock;
}

/** Opens a registry over a fresh store. */
export async function openHarness(options: HarnessOptions = {}): Promise<RegistryHarness> {
  const stateDir =
    options.stateDir === 'temp' ? await mkdtemp(join(tmpdir(), 'registry-')) : options.stateDir;
  const store = await MemoryStore.open({
    bookmarkIntervalMs: 0,
    ...(stateDir !== undefined && { stateDir }),
  });
  const clock = options.clock ?? new TestClock();
  const registry = await ResourceRegistry.open({ store, clock: clock.now, expiryIntervalMs: 0 });
  return {
    registry,
    store,
    clock,
    stateDir,
    info(group, version, resource) {
      const info = registry.resolve(group, version, resource);
      if (info === undefined) throw new Error(`${group}/${version}/${resource} is not served`);
      return info;
    },
    async close(keepState = false) {
      await registry.close();
      await store.close();
      if (stateDir !== undefined && options.stateDir === 'temp' && !keepState) {
        await rm(stateDir, { recursive: true, force: true });
      }
    },
  };
}

/** The Status a failed registry call answers with (StatusError or store error), for assertions. */
export interface FailureStatus {
  code: number;
  reason?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/** Awaits a call that must fail and returns the Status it fails with; throws if it succeeds. */
export async function failureOf(call: Promise<unknown>): Promise<FailureStatus> {
  try {
    await call;
  } catch (error) {
    const withStatus = error as { status?: FailureStatus; toStatus?: () => FailureStatus };
    if (typeof withStatus.toStatus === 'function') return withStatus.toStatus();
    if (withStatus.status !== undefined && typeof withStatus.status === 'object') return withStatus.status;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The two stores every behaviour is checked against: in memory, and persisting to a temporary state directory. */
export const STORE_MODES: ReadonlyArray<readonly [string, 'temp' | undefined]> = [
  ['in-memory store', undefined],
  ['persisting store', 'temp'],
];

/** Options of `useHarness`. */
export interface UseHarnessOptions extends HarnessOptions {
  /** After each test, expect that no background controller failed. @default false */
  checkControllers?: boolean;
}

/** The harness of the running test, as `useHarness` hands it out. */
export interface HarnessHandle extends RegistryHarness {
  /** Closes the current harness (keeping its state directory when asked) and opens another in its place. */
  reopen(options?: HarnessOptions, keepState?: boolean): Promise<void>;
}

/**
 * Opens a fresh harness before each test of the enclosing suite and closes it after. The returned handle always
 * reaches the running test's harness.
 */
export function useHarness(options: UseHarnessOptions = {}): HarnessHandle {
  const { checkControllers = false, ...harnessOptions } = options;
  let current: RegistryHarness | undefined;
  const harness = (): RegistryHarness => {
    if (current === undefined) throw new Error('the registry harness is open only while a test runs');
    return current;
  };
  beforeEach(async () => {
    current = await openHarness(harnessOptions);
  });
  afterEach(async () => {
    if (checkControllers) expect(harness().registry.controllerFailures()).toEqual([]);
    await harness().close();
    current = undefined;
  });
  return {
    get registry() {
      return harness().registry;
    },
    get store() {
      return harness().store;
    },
    get clock() {
      return harness().clock;
    },
    get stateDir() {
      return harness().stateDir;
    },
    info: (group, version, resource) => harness().info(group, version, resource),
    close: (keepState) => harness().close(keepState),
    async reopen(reopenOptions = {}, keepState = false) {
      await harness().close(keepState);
      current = await openHarness(reopenOptions);
    },
  };
}

/** The body of a suite run against a registry harness. */
export type HarnessSuite = (h: HarnessHandle) => void;

/** Declares a suite once per store mode (`STORE_MODES`), each test with a fresh harness (see `useHarness`). */
export function describeEachStore(body: HarnessSuite): void;
export function describeEachStore(options: Omit<UseHarnessOptions, 'stateDir'>, body: HarnessSuite): void;
export function describeEachStore(
  first: HarnessSuite | Omit<UseHarnessOptions, 'stateDir'>,
  second?: HarnessSuite,
): void {
  const [options, body] = typeof first === 'function' ? [{}, first] : [first, second as HarnessSuite];
  describe.each(STORE_MODES)('%s', (_mode, stateDir) => {
    body(useHarness({ ...options, stateDir }));
  });
}
