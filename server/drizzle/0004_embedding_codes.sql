-- Embedding search moves from HNSW over the float vectors (one index per kind and dimension, 2 KB a row, slow to
-- build and to keep up in wasm) to HNSW over 512-bit random-hyperplane codes (one index per kind, 64 bytes a row,
-- Hamming distance); the exact cosine ranks the candidates (embeddings.repository.ts). `npx gym migrate` fills the
-- code of existing rows after this file runs.
ALTER TABLE "embeddings" ADD COLUMN "code" bit(512);--> statement-breakpoint
DO $$
BEGIN
  -- The code indexes need pgvector (bit_hamming_ops); without it the search scans the codes (see 0000).
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    EXECUTE $i$CREATE INDEX "embeddings_code_body" ON "embeddings" USING hnsw ("code" bit_hamming_ops) WHERE "embeddings"."kind" = 'body'$i$;
    EXECUTE $i$CREATE INDEX "embeddings_code_face" ON "embeddings" USING hnsw ("code" bit_hamming_ops) WHERE "embeddings"."kind" = 'face'$i$;
  END IF;
END $$;--> statement-breakpoint
DO $$
DECLARE i record;
BEGIN
  FOR i IN SELECT indexname FROM pg_indexes WHERE tablename = 'embeddings' AND indexname LIKE 'embeddings\_hnsw\_%' LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I', i.indexname);
  END LOOP;
END $$;
