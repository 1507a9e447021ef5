import { resolve } from 'node:path';
import type { ServerEnv } from '../config.ts';
import { ConfigError } from '@gym/shared/errors.ts';
import { LocalClipStore, type ClipStore } from './clip-store.ts';
import { S3ClipStore } from './s3-clip-store.ts';

/** The clip store the environment asks for (CLIPS_STORE=local|s3). */
export function clipStoreFromEnv(env: ServerEnv): ClipStore {
  const retentionMs = env.CLIPS_RETENTION_DAYS * 86_400_000;
  if (env.CLIPS_STORE === 's3') {
    if (!env.S3_BUCKET) throw new ConfigError('environment', [{ field: 'S3_BUCKET', message: 'required when CLIPS_STORE=s3' }]);
    return new S3ClipStore({
      endpoint: env.S3_ENDPOINT,
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      retentionMs,
    });
  }
  return new LocalClipStore(resolve(env.GYM_DATA_DIR, 'clips'), retentionMs, env.CLIPS_MAX_BYTES);
}
