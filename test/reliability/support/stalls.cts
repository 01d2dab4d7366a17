import type { HostileHandler } from './hostile-server.cts';

/** A handler that never answers the status read: the socket stays open until the server drops it. */
export const hang: HostileHandler = () => undefined;
/** Headers at once, then a body that never ends. */
export const trickle: HostileHandler = (_r, res) => {
	res.writeHead(200, { 'content-type': 'application/json' });
	res.write('{"status": "run');
};
