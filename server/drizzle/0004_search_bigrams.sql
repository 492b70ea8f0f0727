-- Search by 2-character Chinese terms (机械, 超市, 宝华): pg_trgm needs 3 characters, so a city-wide search would scan
-- the whole table. Every 2-character piece of name and address goes into a GIN-indexed array; the list query asks
-- for rows holding all the term's pieces, then checks the exact substring (features/enterprises/queries.ts).
CREATE OR REPLACE FUNCTION anguan_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}') FROM generate_series(1, length(t) - 1) AS i
$$;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "search_bigrams" text[] GENERATED ALWAYS AS (anguan_bigrams(lower("name" || ' ' || "address"))) STORED;--> statement-breakpoint
CREATE INDEX "enterprises_search_bigrams_idx" ON "enterprises" USING gin ("search_bigrams");
