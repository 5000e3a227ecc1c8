/**
 * Status feedback (OCM's `statusfeedback` reader): the values a ManifestWork's `manifestConfigs[].feedbackRules`
 * ask for, read from the applied object. JSONPaths rules evaluate each path against the whole object (missing
 * keys give no value); WellKnownStatus reports the fields OCM knows for Deployments, Jobs and Pods. Values are
 * typed as OCM types them: whole numbers Integer, strings String, booleans Boolean, anything else JsonRaw.
 */
import type { ManifestCondition, ManifestWorkSpec } from '../../api/index.js';
import { compileJsonPath, firstJsonPathMatch } from '../../apiserver/wire/index.js';
import type { KubeObject } from '../../kube/index.js';

type FeedbackRule = NonNullable<ManifestWorkSpec['manifestConfigs']>[number]['feedbackRules'][number];
/** One reported value. */
export type FeedbackValue = NonNullable<NonNullable<ManifestCondition['statusFeedback']>['values']>[number];

/** What the rules produced: the values, and the errors of the paths that failed. */
export interface FeedbackResult {
  values: FeedbackValue[];
  errors: string[];
}

const WELL_KNOWN_PATHS: Readonly<Record<string, readonly { name: string; path: string }[]>> = {
  'apps/Deployment': [
    { name: 'ReadyReplicas', path: '.status.readyReplicas' },
    { name: 'Replicas', path: '.status.replicas' },
    { name: 'AvailableReplicas', path: '.status.availableReplicas' },
  ],
  'batch/Job': [
    { name: 'JobComplete', path: '.status.conditions[?(@.type=="Complete")].status' },
    { name: 'JobSucceeded', path: '.status.succeeded' },
  ],
  '/Pod': [
    { name: 'PodPhase', path: '.status.phase' },
    { name: 'PodReady', path: '.status.conditions[?(@.type=="Ready")].status' },
  ],
};

function typed(name: string, value: unknown): FeedbackValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) {
    return { name, fieldValue: { type: 'Integer', integer: value } };
  }
  if (typeof value === 'string') return { name, fieldValue: { type: 'String', string: value } };
  if (typeof value === 'boolean') return { name, fieldValue: { type: 'Boolean', boolean: value } };
  return { name, fieldValue: { type: 'JsonRaw', jsonRaw: JSON.stringify(value) } };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}

function pathsOf(rule: FeedbackRule, object: KubeObject, errors: string[]) {
  if (rule.type === 'WellKnownStatus') {
    const known = WELL_KNOWN_PATHS[`${groupOf(object.apiVersion)}/${object.kind}`];
    if (!known)
      errors.push(
        `cannot find the wellknown statuses for resource with gvk ${object.apiVersion}, Kind=${object.kind}`,
      );
    return known ?? [];
  }
  return (rule.jsonPaths ?? []).filter((path) => {
    if (!path.version || path.version === versionOf(object.apiVersion)) return true;
    errors.push(`version set in the path ${path.name} is not matched for the related resource`);
    return false;
  });
}

/** Evaluates the feedback rules against the applied object. */
export function readFeedback(rules: readonly FeedbackRule[], object: KubeObject): FeedbackResult {
  const result: FeedbackResult = { values: [], errors: [] };
  for (const rule of rules) {
    for (const { name, path } of pathsOf(rule, object, result.errors)) {
      try {
        const value = typed(name, firstJsonPathMatch(compileJsonPath(path), object));
        if (value) result.values.push(value);
      } catch (error) {
        result.errors.push(`failed to find value for ${name} with error: ${(error as Error).message}`);
      }
    }
  }
  return result;
}
