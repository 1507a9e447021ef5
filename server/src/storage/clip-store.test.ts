import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalClipStore, type ClipStore } from './clip-store.ts';
import { S3ClipStore } from './s3-clip-store.ts';

/**
 * MinIO cannot be installed here (no Docker, not in apt or npm), so S3 is a local HTTP server speaking the
 * path-style object subset the store uses: PUT / GET / DELETE object, ListObjectsV2, multi-object delete.
 */
function s3Stub() {
  const objects = new Map<string, { body: Buffer; at: Date }>();
  const server = createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const [, bucket, ...rest] = u.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const id = `${bucket}/${key}`;
      if (req.method === 'PUT') {
        objects.set(id, { body: Buffer.concat(chunks), at: new Date() });
        return res.writeHead(200, { etag: '"x"' }).end();
      }
      if (req.method === 'GET' && key) {
        const o = objects.get(id);
        if (!o) return res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code><Message>no</Message></Error>');
        return res.writeHead(200, { 'content-length': o.body.length }).end(o.body);
      }
      if (req.method === 'DELETE') {
        objects.delete(id);
        return res.writeHead(204).end();
      }
      if (req.method === 'GET' && u.searchParams.get('list-type') === '2') {
        const prefix = u.searchParams.get('prefix') ?? '';
        const items = [...objects.entries()].filter(([k]) => k.startsWith(`${bucket}/${prefix}`));
        const xml = `<?xml version="1.0"?><ListBucketResult><Name>${bucket}</Name><IsTruncated>false</IsTruncated><KeyCount>${items.length}</KeyCount>${items
          .map(([k, o]) => `<Contents><Key>${k.slice(bucket!.length + 1)}</Key><LastModified>${o.at.toISOString()}</LastModified><Size>${o.body.length}</Size></Contents>`)
          .join('')}</ListBucketResult>`;
        return res.writeHead(200, { 'content-type': 'application/xml' }).end(xml);
      }
      if (req.method === 'POST' && u.searchParams.has('delete')) {
        const keys = [...Buffer.concat(chunks).toString().matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]!);
        for (const k of keys) objects.delete(`${bucket}/${k}`);
        return res.writeHead(200, { 'content-type': 'application/xml' }).end('<?xml version="1.0"?><DeleteResult></DeleteResult>');
      }
      res.writeHead(400).end();
    });
  });
  return { server, objects };
}

const stores: [string, () => Promise<{ store: ClipStore; age: (key: string, ms: number) => void; done: () => Promise<void> }>][] = [
  [
    'local disk',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'clips-'));
      return {
        store: new LocalClipStore(dir, 60_000, 1e9),
        age: (key, ms) => utimesSync(join(dir, key), new Date(Date.now() - ms), new Date(Date.now() - ms)),
        done: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    'S3-compatible',
    async () => {
      const { server, objects } = s3Stub();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      return {
        store: new S3ClipStore({ endpoint: `http://127.0.0.1:${port}`, bucket: 'gym', region: 'us-east-1', accessKeyId: 'k', secretAccessKey: 's', retentionMs: 60_000 }),
        age: (key, ms) => (objects.get(`gym/clips/${key}`)!.at = new Date(Date.now() - ms)),
        done: () => new Promise<void>((r) => (server as Server).close(() => r())),
      };
    },
  ],
];

describe.each(stores)('clip store on %s', (_name, make) => {
  let s: Awaited<ReturnType<(typeof stores)[number][1]>>;
  beforeAll(async () => {
    s = await make();
  });
  afterAll(async () => s?.done());

  it('stores, reads back, deletes, and drops clips past retention', async () => {
    await s.store.put('m1/set-a.webm', new Uint8Array([1, 2, 3]));
    await s.store.put('m1/set-b.webm', new Uint8Array([4, 5]));
    expect(Array.from((await s.store.get('m1/set-a.webm'))!)).toEqual([1, 2, 3]);
    await s.store.delete('m1/set-a.webm');
    expect(await s.store.get('m1/set-a.webm')).toBeNull();
    await s.store.put('m1/old.webm', new Uint8Array([9]));
    s.age('m1/old.webm', 120_000);
    expect(await s.store.enforceRetention()).toBe(1);
    expect(await s.store.get('m1/old.webm')).toBeNull();
    expect(await s.store.get('m1/set-b.webm')).not.toBeNull();
    await expect(s.store.put('../escape', new Uint8Array([1]))).rejects.toThrow(/bad clip key/);
  });
});
