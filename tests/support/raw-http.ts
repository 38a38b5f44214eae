/**
 * HTTP as a hostile page or a broken client sends it: any Host, Origin and Content-Type (fetch would fill
 * some in or refuse them), and raw bytes over a socket for what no HTTP client would send at all.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** the JSON body, or undefined when it is not JSON */
  json: any;
}

/**
 * One request to 127.0.0.1:port with exactly these headers (`host: null` sends none). Rejects after
 * timeoutMs: a request the emulator never answers is a hang.
 */
export function send(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string | null>; body?: string | Buffer; timeoutMs?: number },
): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  let setHost = true;
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    if (k.toLowerCase() === 'host' && v === null) setHost = false;
    else if (v !== null) headers[k] = v;
  }
  if (setHost && !Object.keys(headers).some((k) => k.toLowerCase() === 'host')) headers.host = `127.0.0.1:${port}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${opts.timeoutMs ?? 10_000} ms: ${opts.method ?? 'GET'} ${opts.path}`));
    }, opts.timeoutMs ?? 10_000);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(opts.body);
  });
}

/**
 * Raw bytes over one connection; resolves with the status of the first answer (0 when the server closed
 * without one) once the server closes. Rejects after timeoutMs (a hang).
 */
export function sendRaw(port: number, bytes: Buffer, timeoutMs = 10_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to raw request ${JSON.stringify(bytes.subarray(0, 80).toString('latin1'))}`));
    }, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    const done = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, text });
    };
    socket.on('close', done);
    socket.on('error', () => undefined); // a reset after a refused request is an answer too
    socket.end(bytes);
  });
}
