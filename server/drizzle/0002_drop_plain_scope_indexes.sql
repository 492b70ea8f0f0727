DROP INDEX "enterprises_region_path_idx";--> statement-breakpoint
DROP INDEX "enterprises_sector_path_idx";