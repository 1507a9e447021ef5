/**
 * Approximate wire size of a decoded socket.io message (strings, numbers, binary attachments), stopping as soon
 * as it passes `limit`, so an oversized message costs little to refuse.
 */
export function approxSize(v: unknown, limit: number): number {
  let total = 0;
  const stack: unknown[] = [v];
  let guard = 0;
  while (stack.length) {
    const x = stack.pop();
    if (++guard > 1_000_000) return Infinity;
    if (x === null || x === undefined) total += 4;
    else if (typeof x === 'string') total += x.length + 2;
    else if (typeof x === 'number' || typeof x === 'boolean') total += 8;
    else if (ArrayBuffer.isView(x)) total += x.byteLength;
    else if (x instanceof ArrayBuffer) total += x.byteLength;
    else if (Array.isArray(x)) {
      total += 2 + x.length;
      for (const y of x) stack.push(y);
    } else if (typeof x === 'object') {
      const o = x as Record<string, unknown>;
      for (const k in o) {
        if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
        total += k.length + 3;
        stack.push(o[k]);
      }
    }
    if (total > limit) return total;
  }
  return total;
}
