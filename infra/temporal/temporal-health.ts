/**
 * Temporal's health check without Temporal's client library: one call of the standard gRPC health
 * service (`grpc.health.v1.Health/Check`, the call the SDK's `healthService.check` makes) over a
 * short-lived plaintext HTTP/2 connection. Load balancers probe /health every few seconds; going
 * through the SDK would load its ~25 MB of gRPC and protobuf code into every API process just to
 * answer them (docs/operations.md#api-memory).
 */
import http2 from 'node:http2';

/** The empty HealthCheckRequest (whole server, no service name): a gRPC frame of 0 bytes, uncompressed. */
const EMPTY_REQUEST = Buffer.from([0, 0, 0, 0, 0]);
/** HealthCheckResponse { status: SERVING }: field 1, varint 1, after the 5-byte frame header. */
const SERVING = Buffer.from([0x08, 0x01]);

/** True when the Temporal frontend at `address` (host:port) answers SERVING within the timeout. */
export function isTemporalServing(address: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const session = http2.connect(`http://${address}`);
    const finish = (serving: boolean) => {
      clearTimeout(timer);
      session.destroy();
      resolve(serving);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    session.on('error', () => finish(false));
    const call = session.request({
      ':method': 'POST', ':path': '/grpc.health.v1.Health/Check', 'content-type': 'application/grpc', te: 'trailers',
    });
    const chunks: Buffer[] = [];
    call.on('data', (chunk: Buffer) => chunks.push(chunk));
    call.on('trailers', (trailers) => {
      const body = Buffer.concat(chunks);
      finish(trailers['grpc-status'] === '0' && body.length >= 5 && body.subarray(5).equals(SERVING));
    });
    call.on('end', () => finish(false)); // no trailers: not a gRPC answer (after 'trailers', a no-op)
    call.on('error', () => finish(false));
    call.end(EMPTY_REQUEST);
  });
}
