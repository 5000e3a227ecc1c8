/**
 * A listening socket that can be taken down and brought back on the same port: how the embedded environment makes
 * S3 unreachable (`ramen env s3 down`) and reachable again. Down means the port refuses connections and every open
 * connection is cut, as when a real endpoint drops off the network; up reopens the same address, so clients
 * configured with the endpoint reconnect without being told anything.
 */
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Opens and closes `server` on a fixed host and port. */
export class ToggleableListener {
  private readonly sockets = new Set<Socket>();
  private open = false;

  constructor(
    private readonly server: Server,
    private readonly host: string,
    private currentPort: number,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** The port: the one asked for, or the one the system chose on first listen. */
  get port(): number {
    return this.currentPort;
  }

  /** Whether the port is accepting connections. */
  get listening(): boolean {
    return this.open;
  }

  /** Starts accepting connections (no-op when already open). */
  async listen(): Promise<void> {
    if (this.open) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen({ host: this.host, port: this.currentPort }, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.currentPort = (this.server.address() as AddressInfo).port;
    this.open = true;
  }

  /** Stops accepting connections and cuts every open one (no-op when already closed). */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    const closed = new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
