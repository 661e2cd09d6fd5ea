CREATE TABLE "programme_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"programme_id" text NOT NULL,
	"region_code" text NOT NULL,
	"town_code" text,
	"phase" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"unit_id" text,
	"deadline" date,
	"status" text DEFAULT 'open' NOT NULL,
	"completed_on" date,
	"evidence" text,
	"completed_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_years" (
	"id" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"town_code" text,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"goals" text,
	"village_share_target" text,
	"phases" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "programme_tasks" ADD CONSTRAINT "programme_tasks_programme_id_programme_years_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "programme_tasks_programme_idx" ON "programme_tasks" USING btree ("programme_id","deadline");--> statement-breakpoint
CREATE INDEX "programme_tasks_town_idx" ON "programme_tasks" USING btree ("town_code");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_years_region_year_idx" ON "programme_years" USING btree ("region_code","year");--> statement-breakpoint
CREATE INDEX "programme_years_town_idx" ON "programme_years" USING btree ("town_code");