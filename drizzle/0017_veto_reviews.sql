CREATE TABLE "veto_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"region_code" text,
	"town_code" text,
	"decision" text NOT NULL,
	"reason" text,
	"incident_id" text,
	"reviewed_by" text NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "veto_reviews_source_idx" ON "veto_reviews" USING btree ("source_kind","source_id");