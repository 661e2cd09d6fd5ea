CREATE TABLE "city_benchmarks" (
	"city_code" text DEFAULT '' NOT NULL,
	"year" integer NOT NULL,
	"litigation_rate_per_10k" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "city_benchmarks_city_code_year_pk" PRIMARY KEY("city_code","year")
);
--> statement-breakpoint
CREATE TABLE "court_cases" (
	"case_no" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"instance" text NOT NULL,
	"year" integer,
	"filed_on" date NOT NULL,
	"defendant_region_code" text,
	"defendant_address" text,
	"town_code" text,
	"match_status" text DEFAULT 'code' NOT NULL,
	"imported" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"region_code" text NOT NULL,
	"occurred_on" date NOT NULL,
	"sentence_months" integer,
	"sentence_text" text,
	"description" text,
	"town_code" text,
	"match_status" text DEFAULT 'code' NOT NULL,
	"imported" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_disputes" (
	"platform_no" text PRIMARY KEY NOT NULL,
	"unit_region_code" text NOT NULL,
	"accepted_on" date NOT NULL,
	"concluded_on" date,
	"result" text NOT NULL,
	"town_code" text,
	"match_status" text DEFAULT 'code' NOT NULL,
	"imported" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prelitigation_mediations" (
	"case_no" text PRIMARY KEY NOT NULL,
	"received_on" date NOT NULL,
	"concluded_on" date,
	"result" text NOT NULL,
	"party_region_code" text,
	"party_town_code" text,
	"defendant_region_code" text,
	"defendant_address" text,
	"town_code" text,
	"match_status" text DEFAULT 'code' NOT NULL,
	"imported" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resolution_queue" (
	"id" text PRIMARY KEY NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"field" text DEFAULT 'defendant' NOT NULL,
	"address" text NOT NULL,
	"town_code" text NOT NULL,
	"candidates" text[] DEFAULT '{}' NOT NULL,
	"resolved_region_code" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_counts" (
	"region_code" text NOT NULL,
	"month" text NOT NULL,
	"source" text NOT NULL,
	"count" integer NOT NULL,
	"town_code" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_counts_region_code_month_source_pk" PRIMARY KEY("region_code","month","source")
);
--> statement-breakpoint
CREATE TABLE "checklist_items" (
	"id" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"town_code" text,
	"year" integer NOT NULL,
	"item" text NOT NULL,
	"status" text DEFAULT 'unassessed' NOT NULL,
	"evidence" text,
	"assessed_by" text,
	"assessed_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_entity" text NOT NULL,
	"owner_id" text NOT NULL,
	"town_code" text,
	"region_code" text,
	"filename" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"content_base64" text NOT NULL,
	"uploaded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personnel" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"region_code" text NOT NULL,
	"village_code" text,
	"town_code" text,
	"phone" text,
	"since" date,
	"until" date,
	"joined_platform" boolean DEFAULT false NOT NULL,
	"trainings" text,
	"notes" text,
	"imported" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "court_cases_region_idx" ON "court_cases" USING btree ("defendant_region_code","filed_on");--> statement-breakpoint
CREATE INDEX "court_cases_town_idx" ON "court_cases" USING btree ("town_code","filed_on");--> statement-breakpoint
CREATE INDEX "incidents_region_idx" ON "incidents" USING btree ("region_code","occurred_on");--> statement-breakpoint
CREATE INDEX "incidents_town_idx" ON "incidents" USING btree ("town_code","occurred_on");--> statement-breakpoint
CREATE INDEX "platform_region_idx" ON "platform_disputes" USING btree ("unit_region_code","accepted_on");--> statement-breakpoint
CREATE INDEX "platform_town_idx" ON "platform_disputes" USING btree ("town_code","accepted_on");--> statement-breakpoint
CREATE INDEX "prelit_def_region_idx" ON "prelitigation_mediations" USING btree ("defendant_region_code","received_on");--> statement-breakpoint
CREATE INDEX "prelit_town_idx" ON "prelitigation_mediations" USING btree ("town_code","received_on");--> statement-breakpoint
CREATE INDEX "prelit_party_idx" ON "prelitigation_mediations" USING btree ("party_region_code","received_on");--> statement-breakpoint
CREATE UNIQUE INDEX "resolution_queue_entity_idx" ON "resolution_queue" USING btree ("entity","entity_id","field");--> statement-breakpoint
CREATE INDEX "resolution_queue_town_idx" ON "resolution_queue" USING btree ("town_code");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_region_year_item_idx" ON "checklist_items" USING btree ("region_code","year","item");--> statement-breakpoint
CREATE INDEX "files_owner_idx" ON "files" USING btree ("owner_entity","owner_id");--> statement-breakpoint
CREATE INDEX "personnel_village_idx" ON "personnel" USING btree ("village_code","role");--> statement-breakpoint
CREATE INDEX "personnel_town_idx" ON "personnel" USING btree ("town_code");