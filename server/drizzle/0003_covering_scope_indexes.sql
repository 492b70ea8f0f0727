-- Scope indexes for the enterprise list: a jurisdiction is a region-path prefix, often with a sector. They INCLUDE
-- every column the list filters and sorts on, so the page of ids is found by an index-only scan and only the
-- page's rows are read from the table (see features/enterprises/queries.ts).
CREATE INDEX "enterprises_region_path_idx" ON "enterprises" USING btree ("region_path" text_pattern_ops, "sector")
  INCLUDE ("name", "credit_code", "address", "operating_status", "has_major_hazard", "id");--> statement-breakpoint
CREATE INDEX "enterprises_sector_path_idx" ON "enterprises" USING btree ("sector", "region_path" text_pattern_ops)
  INCLUDE ("name", "credit_code", "address", "operating_status", "has_major_hazard", "id");
