import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers: 200, 503 with `failBody`, a redirect elsewhere, or never. */
export type ReceiverMode = 'ok' | 'fail' | 'redirect' | 'hang';

export interface Receiver {
  url: string;
  /** Requests answered 200, in order. */
  got: Received[];
  /** Every request, whatever the answer. */
  requests: () => number;
  mode: { now: ReceiverMode; failBody: string };
  close: () => Promise<void>;
}

/** A loopback HTTP receiver for alert channels (Slack and webhook both POST JSON). */
export async function receiver(): Promise<Receiver> {
  const got: Received[] = [];
  const mode: Receiver['mode'] = { now: 'ok', failBody: 'down for maintenance' };
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      if (mode.now === 'hang') return;
      if (mode.now === 'fail') return void res.writeHead(503).end(mode.failBody);
      if (mode.now === 'redirect') return void res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' }).end();
      got.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    got,
    requests: () => requests,
    mode,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
