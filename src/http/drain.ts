import type http from 'node:http';
import net from 'node:net';
import type { Socket } from 'node:net';

/** How long a kept-alive socket must have been idle before the drain closes it. */
const QUIET_MS = 250;
const CHECK_EVERY_MS = 50;

/**
 * A drain that resets no request: it stops accepting connections, answers every request
 * still to come on a kept-alive socket with `Connection: close` (the client reconnects,
 * elsewhere), and closes a socket only once it has been idle for a while, not the instant
 * the drain starts, when its client may be writing the next request into it. Node's own
 * `server.close()` closes idle sockets at once, and Apollo's drain ends sockets right after
 * a response that announced keep-alive: both reset requests already on their way.
 */
export function drainable(httpServer: http.Server) {
  const sockets = new Map<Socket, { busy: number; idleSince: number }>();
  const unanswered = new Set<http.ServerResponse>();
  let draining = false;

  httpServer.on('connection', (socket: Socket) => {
    sockets.set(socket, { busy: 0, idleSince: Date.now() });
    socket.once('close', () => sockets.delete(socket));
  });
  // A WebSocket is the subscriptions' to close (with 1001), not the drain's.
  httpServer.on('upgrade', (_req: http.IncomingMessage, socket: Socket) => sockets.delete(socket));
  httpServer.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const state = sockets.get(req.socket);
    if (state) state.busy++;
    if (draining) res.setHeader('connection', 'close');
    unanswered.add(res);
    res.once('close', () => {
      unanswered.delete(res);
      if (state) {
        state.busy--;
        state.idleSince = Date.now();
      }
    });
  });

  return {
    /** Resolves once every connection is closed; after `graceMs` whatever is left is cut. */
    drain(graceMs: number): Promise<void> {
      draining = true;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('connection', 'close');
      const deadline = Date.now() + graceMs;
      return new Promise((resolve) => {
        // net's close, not http's: stop accepting without closing idle sockets yet.
        if (httpServer.listening) net.Server.prototype.close.call(httpServer);
        const check = () => {
          const now = Date.now();
          for (const [socket, state] of sockets) {
            if (now >= deadline || (state.busy === 0 && now - state.idleSince >= QUIET_MS)) socket.destroy();
          }
          if (sockets.size === 0) return resolve();
          setTimeout(check, CHECK_EVERY_MS);
        };
        check();
      });
    },
  };
}
