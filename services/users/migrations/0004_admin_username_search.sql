-- The trigram index needs pg_trgm: part of PostgreSQL's contrib modules (Debian's postgresql package, the official images), and loaded by Corral into the embedded PGlite.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "users_username_trgm" ON "users"."users" USING gin ("username" gin_trgm_ops);