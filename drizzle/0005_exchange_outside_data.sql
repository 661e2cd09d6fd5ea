CREATE TABLE "import_job_files" (
	"job_id" text NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"size" integer NOT NULL,
	"content_base64" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text,
	"actor_name" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"phase" text DEFAULT 'validate' NOT NULL,
	"committed" boolean DEFAULT false NOT NULL,
	"file_names" text[] DEFAULT '{}' NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"report" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_staging" (
	"job_id" text NOT NULL,
	"file" text NOT NULL,
	"row_no" integer NOT NULL,
	"key" text NOT NULL,
	"action" text NOT NULL,
	"version" integer,
	"town_code" text,
	"data" jsonb NOT NULL,
	"before" jsonb
);
--> statement-breakpoint
ALTER TABLE "court_cases" ADD COLUMN "owner_region_code" text;--> statement-breakpoint
ALTER TABLE "prelitigation_mediations" ADD COLUMN "owner_region_code" text;--> statement-breakpoint
CREATE INDEX "import_job_files_job_idx" ON "import_job_files" USING btree ("job_id","seq");--> statement-breakpoint
CREATE INDEX "import_jobs_user_idx" ON "import_jobs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "import_staging_job_idx" ON "import_staging" USING btree ("job_id","file","action");