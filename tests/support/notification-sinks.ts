/**
 * The receiving ends of notifications, for tests and benchmarks: a real SMTP server
 * (`smtp-server`) that keeps what it receives, and an HTTP SMS provider that behaves like
 * the common APIs (bearer key, JSON body, an `Idempotency-Key` honoured: a repeated key
 * is answered with the first message and not sent again). Both can be told to fail.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** `from` and `to` are the envelope's; `fromHeader` and `toHeader` what the message itself says. */
export interface ReceivedEmail { from: string; to: string[]; fromHeader: string; toHeader: string; subject: string; body: string; messageId: string; receivedAt: number }

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / ?B?) in a header, as nodemailer writes them. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g, (_, _charset: string, kind: string, text: string) => {
    if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    return Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  });
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Headers and text of a single-part message (what the email channel sends). */
export function parseEmail(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const body = decodeBody(raw.slice(split + 4), (headers['content-transfer-encoding'] ?? '7bit').toLowerCase());
  return { headers, body: body.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

export interface SmtpSink {
  url: string;
  received: ReceivedEmail[];
  /** SMTP reply code to answer DATA with instead of accepting (451 = try later, 550 = refused); null accepts. */
  failWith: number | null;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const sink: SmtpSink = { url: '', received: [], failWith: null, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, size: 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (sink.failWith) {
          const error = Object.assign(new Error(sink.failWith >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: sink.failWith });
          callback(error);
          return;
        }
        const { headers, body } = parseEmail(Buffer.concat(chunks).toString('utf8'));
        sink.received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address),
          fromHeader: headers.from ?? '', toHeader: headers.to ?? '', subject: headers.subject ?? '', body, messageId: headers['message-id'] ?? '', receivedAt: Date.now(),
        });
        callback();
      });
    },
  });
  // A sender killed mid-conversation resets its connection: a real mail server shrugs, so does this one.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

export interface SmsRequest { key: string | null; to: string; body: string; at: number; status: number }
export interface SmsMessage { id: string; key: string; to: string; body: string; from: string }

export interface SmsSink {
  url: string;
  apiKey: string;
  /** Every request, failed ones included, in order. */
  requests: SmsRequest[];
  /** Messages actually accepted (one per idempotency key). */
  messages: SmsMessage[];
  /** Status to answer with instead of accepting (503 = outage, 400 = refused); null accepts. */
  failWith: number | null;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export async function startSmsSink(apiKey = 'test-sms-key', options: { port?: number } = {}): Promise<SmsSink> {
  const byKey = new Map<string, SmsMessage>();
  const sink: SmsSink = { url: '', apiKey, requests: [], messages: [], failWith: null, close: async () => undefined };
  const server: Server = createServer(async (request, response) => {
    const body = await readJson(request);
    const key = (request.headers['idempotency-key'] as string | undefined) ?? null;
    const answer = (status: number, json: unknown) => {
      sink.requests.push({ key, to: String(body.to ?? ''), body: String(body.body ?? ''), at: Date.now(), status });
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (request.headers.authorization !== `Bearer ${apiKey}`) return answer(401, { error: 'bad key' });
    if (sink.failWith) return answer(sink.failWith, { error: 'failing on purpose' });
    if (!body.to || !body.body) return answer(400, { error: 'to and body are required' });
    const earlier = key ? byKey.get(key) : undefined;
    if (earlier) return answer(200, { id: earlier.id, status: 'queued', idempotentReplay: true });
    const message: SmsMessage = { id: `SM${sink.messages.length + 1}`, key: key ?? '', to: String(body.to), body: String(body.body), from: String(body.from ?? '') };
    sink.messages.push(message);
    if (key) byKey.set(key, message);
    return answer(201, { id: message.id, status: 'queued' });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  sink.url = `http://127.0.0.1:${port}/v1/messages`;
  sink.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return sink;
}
