/**
 * The S3 access key pair of a profile, read from the Secret its `s3SecretRef` names, under the keys Ramen uses
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`). Reading happens once, at the edge; the store gets the pair.
 */
import { S3SecretKeys } from '../api/index.js';
import { ObjectStoreError } from './object-store-error.js';

/** An S3 access key pair. */
export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The parts of a Secret the credentials come from (`data` is base64, `stringData` plain, as in the API). */
export interface S3CredentialsSecret {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly data?: Readonly<Record<string, string>>;
  readonly stringData?: Readonly<Record<string, string>>;
}

/** Reads one key of the Secret, preferring `stringData` as the API server would when both are set. */
function secretValue(secret: S3CredentialsSecret, key: string): string | undefined {
  const plain = secret.stringData?.[key];
  if (plain !== undefined) return plain;
  const encoded = secret.data?.[key];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

/**
 * The credentials in `secret`. Throws `ObjectStoreError` (`InvalidConfiguration`) naming the Secret and the missing
 * key when either value is absent or empty.
 */
export function s3CredentialsFromSecret(secret: S3CredentialsSecret): S3Credentials {
  const name = `Secret ${secret.metadata?.namespace ?? ''}/${secret.metadata?.name ?? ''}`;
  const read = (key: string): string => {
    const value = secretValue(secret, key)?.trim();
    if (!value) {
      throw new ObjectStoreError(
        'InvalidConfiguration',
        { operation: 'open', store: name },
        `${name} has no ${key}; add the S3 ${key === S3SecretKeys.AccessKeyID ? 'access key ID' : 'secret access key'} ` +
          `under data.${key}`,
      );
    }
    return value;
  };
  return { accessKeyId: read(S3SecretKeys.AccessKeyID), secretAccessKey: read(S3SecretKeys.SecretAccessKey) };
}
