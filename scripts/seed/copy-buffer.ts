/**
 * COPY text gathered straight into bytes: each line is UTF-8 encoded into one growing
 * buffer as it is made, so no line outlives its row (the young generation stays small
 * and garbage collection cheap), no chunk-sized string is joined, and the bytes cross
 * from the generator thread to the loader without a copy (the buffer is transferred)
 * and go to the socket without being encoded again.
 */

/** The most bytes one UTF-16 code unit can take in UTF-8 (a lone surrogate or a BMP character). */
const MAX_BYTES_PER_UNIT = 3;

export class CopyBuffer {
  private bytes: Buffer;
  private used = 0;
  /** Lines added so far: the table's row count. */
  rows = 0;

  constructor(initialBytes = 1 << 16) {
    this.bytes = Buffer.allocUnsafeSlow(initialBytes);
  }

  add(line: string): void {
    const room = line.length * MAX_BYTES_PER_UNIT;
    if (this.used + room > this.bytes.length) this.grow(this.used + room);
    this.used += this.bytes.write(line, this.used);
    this.rows++;
  }

  /** The bytes written, on an ArrayBuffer of their own (never Node's shared pool), so they can be transferred. */
  take(): Uint8Array {
    return new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.used);
  }

  private grow(needed: number): void {
    // Allocated outside Node's pool (allocUnsafeSlow): a pooled slice could not be transferred to another thread.
    const bigger = Buffer.allocUnsafeSlow(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }
}
