/**
 * Clips on S3-compatible object storage (AWS S3, MinIO, ...): CLIPS_STORE=s3 with S3_ENDPOINT, S3_BUCKET,
 * S3_REGION and credentials. Path-style addressing, so MinIO works without DNS. Retention deletes objects older
 * than the limit (a bucket lifecycle rule does the same server-side and is the better choice at scale).
 */
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, NoSuchKey } from '@aws-sdk/client-s3';
import { checkKey, type ClipStore } from './clip-store.ts';

export interface S3ClipStoreOptions {
  endpoint?: string | undefined;
  bucket: string;
  region: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  retentionMs: number;
  /** Key prefix inside the bucket. */
  prefix?: string;
}

export class S3ClipStore implements ClipStore {
  private readonly s3: S3Client;
  private readonly prefix: string;

  constructor(private readonly o: S3ClipStoreOptions) {
    this.s3 = new S3Client({
      region: o.region,
      forcePathStyle: true,
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      ...(o.accessKeyId && o.secretAccessKey ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } } : {}),
    });
    this.prefix = o.prefix ?? 'clips/';
  }

  async put(key: string, data: Uint8Array, contentType = 'video/webm') {
    await this.s3.send(new PutObjectCommand({ Bucket: this.o.bucket, Key: this.prefix + checkKey(key), Body: data, ContentType: contentType }));
  }

  async get(key: string) {
    try {
      const r = await this.s3.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: this.prefix + checkKey(key) }));
      return r.Body ? await r.Body.transformToByteArray() : null;
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
      throw e;
    }
  }

  async delete(key: string) {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: this.prefix + checkKey(key) }));
  }

  async enforceRetention(now = Date.now()) {
    let token: string | undefined;
    let removed = 0;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.o.bucket, Prefix: this.prefix, ContinuationToken: token }));
      const old = (page.Contents ?? []).filter((c) => c.Key && c.LastModified && now - c.LastModified.getTime() > this.o.retentionMs);
      if (old.length) {
        await this.s3.send(new DeleteObjectsCommand({ Bucket: this.o.bucket, Delete: { Objects: old.map((c) => ({ Key: c.Key! })), Quiet: true } }));
        removed += old.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return removed;
  }
}
