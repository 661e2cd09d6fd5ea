DROP INDEX "import_staging_job_idx";--> statement-breakpoint
CREATE INDEX "import_staging_job_row_idx" ON "import_staging" USING btree ("job_id","file","action","row_no");--> statement-breakpoint
ALTER TABLE "import_staging" SET UNLOGGED;