/** The failures of the embedded environment, each saying what went wrong and what to do. */

/** The environment could not start, stop or apply a fault. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/** A call named a cluster the environment does not have. */
export class UnknownClusterError extends Error {
  override readonly name = 'UnknownClusterError';
  constructor(
    readonly cluster: string,
    readonly known: readonly string[],
  ) {
    super(`no cluster named ${cluster} in this environment (clusters: ${known.join(', ')})`);
  }
}
