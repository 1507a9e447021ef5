-- HNSW (cosine) indexes, one per (kind, dimension), over the untyped vector column cast to its dimension.
-- Queries must use the same cast and WHERE clause to hit them (embeddings.repository.ts). Other dimensions get
-- their index at start-up from ensureEmbeddingIndex() when a model of that size is configured.
-- Only with pgvector (see 0000).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    EXECUTE $i$CREATE INDEX IF NOT EXISTS "embeddings_hnsw_body_512" ON "embeddings" USING hnsw ((("vector")::vector(512)) vector_cosine_ops) WHERE "kind" = 'body' AND "dim" = 512$i$;
    EXECUTE $i$CREATE INDEX IF NOT EXISTS "embeddings_hnsw_face_512" ON "embeddings" USING hnsw ((("vector")::vector(512)) vector_cosine_ops) WHERE "kind" = 'face' AND "dim" = 512$i$;
    EXECUTE $i$CREATE INDEX IF NOT EXISTS "embeddings_hnsw_face_1024" ON "embeddings" USING hnsw ((("vector")::vector(1024)) vector_cosine_ops) WHERE "kind" = 'face' AND "dim" = 1024$i$;
  END IF;
END $$;
