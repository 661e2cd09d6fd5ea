CREATE TABLE "education_activities" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"held_on" date NOT NULL,
	"region_code" text NOT NULL,
	"village_code" text,
	"town_code" text,
	"title" text NOT NULL,
	"organiser" text,
	"participants" integer DEFAULT 0 NOT NULL,
	"summary" text,
	"series_no" integer,
	"library_entry_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facilities" (
	"id" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"village_code" text,
	"town_code" text,
	"type" text NOT NULL,
	"name" text,
	"status" text DEFAULT 'in_use' NOT NULL,
	"since" date,
	"notes" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_person_contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"key_person_id" text NOT NULL,
	"contacted_on" date NOT NULL,
	"method" text NOT NULL,
	"content" text NOT NULL,
	"help_given" text,
	"by_user_id" text,
	"by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_persons" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"address" text,
	"region_code" text NOT NULL,
	"village_code" text,
	"town_code" text,
	"type" text NOT NULL,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"situation" text,
	"responsible_user_id" text NOT NULL,
	"response_plan" text,
	"risk_level" text DEFAULT 'general' NOT NULL,
	"status" text DEFAULT 'under_watch' NOT NULL,
	"watched_since" date NOT NULL,
	"last_contact_on" date,
	"source_risk_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"category" text,
	"region_code" text NOT NULL,
	"village_code" text,
	"town_code" text,
	"summary" text,
	"content" text,
	"published_on" date,
	"dispute_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text,
	"report_id" text,
	"region_code" text NOT NULL,
	"village_code" text,
	"town_code" text,
	"found_on" date NOT NULL,
	"category" text NOT NULL,
	"people_involved" text,
	"people_count" integer DEFAULT 1 NOT NULL,
	"level" text DEFAULT 'general' NOT NULL,
	"description" text NOT NULL,
	"measures" text,
	"status" text DEFAULT 'open' NOT NULL,
	"dispute_id" text,
	"key_person_id" text,
	"created_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"town_code" text,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"deadline" date NOT NULL,
	"notes" text,
	"created_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"region_code" text NOT NULL,
	"village_code" text,
	"town_code" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"zero_report" boolean NOT NULL,
	"notes" text,
	"submitted_on" date NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" text,
	"submitted_by_name" text,
	"reopen_reason" text,
	"reopened_by" text,
	"reopened_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_targets" (
	"campaign_id" text NOT NULL,
	"region_code" text NOT NULL,
	"village_code" text,
	"town_code" text,
	CONSTRAINT "screening_targets_campaign_id_region_code_pk" PRIMARY KEY("campaign_id","region_code")
);
--> statement-breakpoint
ALTER TABLE "key_person_contacts" ADD CONSTRAINT "key_person_contacts_key_person_id_key_persons_id_fk" FOREIGN KEY ("key_person_id") REFERENCES "public"."key_persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_reports" ADD CONSTRAINT "screening_reports_campaign_id_screening_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."screening_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_targets" ADD CONSTRAINT "screening_targets_campaign_id_screening_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."screening_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "education_town_idx" ON "education_activities" USING btree ("town_code","held_on");--> statement-breakpoint
CREATE INDEX "education_village_idx" ON "education_activities" USING btree ("village_code","held_on");--> statement-breakpoint
CREATE INDEX "facilities_village_idx" ON "facilities" USING btree ("village_code","type");--> statement-breakpoint
CREATE INDEX "facilities_town_idx" ON "facilities" USING btree ("town_code");--> statement-breakpoint
CREATE INDEX "key_person_contacts_kp_idx" ON "key_person_contacts" USING btree ("key_person_id","contacted_on");--> statement-breakpoint
CREATE INDEX "key_persons_town_idx" ON "key_persons" USING btree ("town_code");--> statement-breakpoint
CREATE INDEX "key_persons_responsible_idx" ON "key_persons" USING btree ("responsible_user_id");--> statement-breakpoint
CREATE INDEX "library_town_idx" ON "library_entries" USING btree ("town_code");--> statement-breakpoint
CREATE INDEX "risks_town_idx" ON "risks" USING btree ("town_code","found_on");--> statement-breakpoint
CREATE INDEX "risks_region_idx" ON "risks" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "risks_report_idx" ON "risks" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "screening_campaigns_town_idx" ON "screening_campaigns" USING btree ("town_code","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_reports_campaign_region_idx" ON "screening_reports" USING btree ("campaign_id","region_code");--> statement-breakpoint
CREATE INDEX "screening_targets_region_idx" ON "screening_targets" USING btree ("region_code");