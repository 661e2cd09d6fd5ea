CREATE TABLE "region_boundaries" (
	"region_code" text PRIMARY KEY NOT NULL,
	"town_code" text,
	"geometry" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "region_boundaries" ADD CONSTRAINT "region_boundaries_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "region_boundaries_town_idx" ON "region_boundaries" USING btree ("town_code");--> statement-breakpoint
CREATE INDEX "disputes_concluded_idx" ON "disputes" USING btree ("concluded_on") WHERE concluded_on is not null;--> statement-breakpoint
CREATE INDEX "disputes_open_village_idx" ON "disputes" USING btree ("village_code") WHERE state in ('registered', 'accepted', 'mediating', 'failed');