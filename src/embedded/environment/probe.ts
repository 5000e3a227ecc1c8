/**
 * Liveness probes for `ramen env status`: an API server is up when `/healthz` answers 200 over TLS verified with
 * the CA from the kubeconfig; an object store is up when its port answers HTTP at all (an unsigned request gets an
 * S3 error, which is an answer).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What a probe found. */
export type ProbeResult = 'up' | 'down';

/** Probes an API server's `/healthz`. */
export function probeApiServer(
  url: string,
  caPem: string | undefined,
  timeoutMs = 2000,
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = httpsRequest(
      new URL('/healthz', url),
      { ...(caPem !== undefined && { ca: caPem }), timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? 'up' : 'down');
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve('down'));
    req.end();
  });
}

/** Probes an S3 endpoint: any HTTP answer counts. */
export function probeS3(endpoint: string, timeoutMs = 2000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = httpRequest(new URL('/', endpoint), { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve('up');
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve('down'));
    req.end();
  });
}
