/**
 * The status the work agent reports on a ManifestWork: per manifest its `resourceMeta`, conditions Applied and
 * Available (plus StatusFeedbackSynced when it has feedback rules) and the feedback values; for the work
 * Applied and Available with the work's generation as observedGeneration. Conditions keep their
 * lastTransitionTime unless their status changes, so an unchanged world writes nothing.
 */
import type { Condition, ManifestCondition, ManifestWork, ManifestWorkStatus } from '../../api/index.js';
import { ManifestWorkConditionType } from '../../api/index.js';
import { type ConditionInput, setCondition } from '../../runtime/index.js';
import { metaKey, type ResourceMeta } from './manifest-identity.js';
import { OcmReason, STATUS_FEEDBACK_SYNCED } from './ocm-names.js';
import type { FeedbackResult } from './status-feedback.js';

/** What happened to one manifest in a reconcile. */
export interface ManifestOutcome {
  meta: ResourceMeta;
  /** Why applying failed; absent when it worked. */
  error?: string;
  /** Whether the object exists on the cluster after the apply. */
  available: boolean;
  /** Absent when the manifest has no feedback rules. */
  feedback?: FeedbackResult;
}

function withConditions(previous: readonly Condition[] | undefined, inputs: ConditionInput[]): Condition[] {
  const conditions = structuredClone((previous ?? []) as Condition[]);
  for (const input of inputs) setCondition(conditions, input);
  return conditions.filter((condition) => inputs.some((input) => input.type === condition.type));
}

function manifestConditions(outcome: ManifestOutcome, generation: number | undefined): ConditionInput[] {
  const observed = generation === undefined ? {} : { observedGeneration: generation };
  const inputs: ConditionInput[] = [
    outcome.error === undefined
      ? {
          type: 'Applied',
          status: 'True',
          reason: OcmReason.AppliedManifestComplete,
          message: 'Apply manifest complete',
        }
      : { type: 'Applied', status: 'False', reason: OcmReason.AppliedManifestFailed, message: outcome.error },
    outcome.available
      ? {
          type: 'Available',
          status: 'True',
          reason: OcmReason.ResourceAvailable,
          message: 'Resource is available',
        }
      : {
          type: 'Available',
          status: 'False',
          reason: OcmReason.ResourceNotAvailable,
          message: 'Resource is not available',
        },
  ];
  if (outcome.feedback) {
    const failed = outcome.feedback.errors.length > 0;
    inputs.push({
      type: STATUS_FEEDBACK_SYNCED,
      status: failed ? 'False' : 'True',
      reason: failed ? OcmReason.StatusFeedbackSyncFailed : OcmReason.StatusFeedbackSynced,
      message: failed ? outcome.feedback.errors.join('; ') : '',
    });
  }
  return inputs.map((input) => ({ ...input, ...observed }));
}

function manifestStatus(
  outcome: ManifestOutcome,
  previous: ManifestCondition | undefined,
  generation: number | undefined,
): ManifestCondition {
  return {
    resourceMeta: outcome.meta,
    ...(outcome.feedback && { statusFeedback: { values: outcome.feedback.values } }),
    conditions: withConditions(previous?.conditions, manifestConditions(outcome, generation)),
  };
}

function workConditions(
  outcomes: readonly ManifestOutcome[],
  generation: number | undefined,
): ConditionInput[] {
  const observed = generation === undefined ? {} : { observedGeneration: generation };
  const failed = outcomes.filter((outcome) => outcome.error !== undefined).length;
  const missing = outcomes.filter((outcome) => !outcome.available).length;
  return [
    failed === 0
      ? {
          type: ManifestWorkConditionType.Applied,
          status: 'True',
          reason: OcmReason.AppliedManifestWorkComplete,
          message: 'Apply manifest work complete',
        }
      : {
          type: ManifestWorkConditionType.Applied,
          status: 'False',
          reason: OcmReason.AppliedManifestWorkFailed,
          message: `Failed to apply manifest work: ${failed} of ${outcomes.length} manifests failed`,
        },
    missing === 0
      ? {
          type: ManifestWorkConditionType.Available,
          status: 'True',
          reason: OcmReason.ResourcesAvailable,
          message: 'All resources are available',
        }
      : {
          type: ManifestWorkConditionType.Available,
          status: 'False',
          reason: OcmReason.ResourcesNotAvailable,
          message: `${missing} of ${outcomes.length} resources are not available`,
        },
  ].map((input) => ({ ...input, ...observed }) as ConditionInput);
}

/** The status for `work` after a reconcile that produced `outcomes` (one per manifest, in order). */
export function workStatus(work: ManifestWork, outcomes: readonly ManifestOutcome[]): ManifestWorkStatus {
  const generation = work.metadata.generation;
  const previous = new Map(
    (work.status?.resourceStatus?.manifests ?? []).map((m) => [metaKey(m.resourceMeta ?? {}), m]),
  );
  const otherConditions = (work.status?.conditions ?? []).filter(
    (c) => c.type !== ManifestWorkConditionType.Applied && c.type !== ManifestWorkConditionType.Available,
  );
  const own = withConditions(work.status?.conditions, workConditions(outcomes, generation));
  return {
    conditions: [...own, ...structuredClone(otherConditions)],
    resourceStatus: {
      manifests: outcomes.map((o) => manifestStatus(o, previous.get(metaKey(o.meta)), generation)),
    },
  };
}
