// Long-lived connections per token, so revoking a token ends them at once (in this process):
// graphql-ws sockets are closed with 4403, subscriptions over SSE end with a FORBIDDEN error.

/** The part of a ws WebSocket this needs. */
export interface ClosableSocket {
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** graphql-ws' code for Forbidden; clients see it as the close code. */
export const REVOKED_CLOSE_CODE = 4403;
export const REVOKED_CLOSE_REASON = 'Forbidden: API token revoked';

export class OpenConnections {
  private readonly sockets = new Map<number, Set<ClosableSocket>>();
  private readonly revocations = new Map<number, AbortController>();
  /** Tokens revoked in this process: an operation authenticated just before still ends at once. */
  private readonly revoked = new Set<number>();

  /** Remembers a socket authenticated with token `tokenId` until it closes. */
  addSocket(tokenId: number, socket: ClosableSocket): void {
    let set = this.sockets.get(tokenId);
    if (!set) this.sockets.set(tokenId, (set = new Set()));
    set.add(socket);
    socket.once('close', () => {
      set.delete(socket);
      if (set.size === 0 && this.sockets.get(tokenId) === set) this.sockets.delete(tokenId);
    });
  }

  /** Fires when token `tokenId` is revoked (subscriptions end on it). */
  revokedSignal(tokenId: number): AbortSignal {
    if (this.revoked.has(tokenId)) return AbortSignal.abort();
    let controller = this.revocations.get(tokenId);
    if (!controller) this.revocations.set(tokenId, (controller = new AbortController()));
    return controller.signal;
  }

  /** Open sockets of a token (tests and stats). */
  socketCount(tokenId: number): number {
    return this.sockets.get(tokenId)?.size ?? 0;
  }

  /** Ends everything token `tokenId` holds open. */
  revoke(tokenId: number): void {
    this.revoked.add(tokenId);
    const controller = this.revocations.get(tokenId);
    this.revocations.delete(tokenId);
    controller?.abort();
    const set = this.sockets.get(tokenId);
    this.sockets.delete(tokenId);
    for (const socket of set ?? []) socket.close(REVOKED_CLOSE_CODE, REVOKED_CLOSE_REASON);
  }
}
