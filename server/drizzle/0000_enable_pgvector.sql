-- pgvector where the server has it. Without it (e.g. Debian 12's PostgreSQL 15), `vector` becomes a text domain
-- holding the same '[x,y,...]' literal, the search indexes are skipped (0002, 0004), and the repositories rank
-- candidates themselves (embeddings.repository.ts); the server says so at start-up. docs/deployment.md: installing pgvector.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
  ELSIF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'vector') THEN
    CREATE DOMAIN vector AS text;
  END IF;
END $$;
