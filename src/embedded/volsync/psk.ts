/**
 * The pre-shared key of the rsync-TLS movers: a Secret with `psk.txt` holding `<identity>:<hex key>` (Ramen writes
 * `volsyncramen:<128 hex digits>`). A destination without `keySecret` gets one generated, as VolSync does.
 */
import { randomBytes } from 'node:crypto';
import { type Secret, SecretKind } from '../../apiserver/builtins/index.js';
import { type ClusterClient, isAlreadyExists, isNotFound } from '../../kube/index.js';

/** The key of the PSK in the Secret. */
export const PSK_KEY = 'psk.txt';

/** The Secret is missing or has no usable key. */
export class PskSecretError extends Error {
  override readonly name = 'PskSecretError';
}

/** The PSK of Secret `name` in `namespace`; `PskSecretError` when absent or malformed. */
export async function readPsk(client: ClusterClient, namespace: string, name: string): Promise<string> {
  let secret: Secret;
  try {
    secret = await client.get(SecretKind, { namespace, name });
  } catch (error) {
    if (isNotFound(error)) throw new PskSecretError(`psk secret: ${name} is not found`, { cause: error });
    throw error;
  }
  const encoded = secret.data?.[PSK_KEY];
  const psk = encoded === undefined ? '' : Buffer.from(encoded, 'base64').toString('utf8').trim();
  if (!/^[^:]+:[0-9a-fA-F]+$/.test(psk)) {
    throw new PskSecretError(`psk secret: ${name} has no valid ${PSK_KEY} (want <identity>:<hex key>)`);
  }
  return psk;
}

/** The Secret VolSync generates for a destination without `keySecret`. */
export function generatedKeySecretName(rdName: string): string {
  return `volsync-rsync-tls-${rdName}`;
}

/** Creates the generated key Secret when absent (owned by the destination); returns its name. */
export async function ensureGeneratedPsk(
  client: ClusterClient,
  owner: { namespace: string; name: string; uid: string; apiVersion: string; kind: string },
): Promise<string> {
  const name = generatedKeySecretName(owner.name);
  const secret: Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: owner.namespace,
      ownerReferences: [
        {
          apiVersion: owner.apiVersion,
          kind: owner.kind,
          name: owner.name,
          uid: owner.uid,
          controller: true,
        },
      ],
    },
    type: 'Opaque',
    stringData: { [PSK_KEY]: `volsync:${randomBytes(64).toString('hex')}` },
  };
  try {
    await client.create(SecretKind, secret);
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  return name;
}
