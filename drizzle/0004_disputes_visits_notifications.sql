CREATE TABLE "agreements" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"town_code" text NOT NULL,
	"stage_id" text,
	"form" text NOT NULL,
	"parties_text" text,
	"facts" text,
	"issues" text,
	"content" text,
	"performance_way" text,
	"performance_deadline" date,
	"signed_on" date NOT NULL,
	"effective_on" date NOT NULL,
	"mediators" text,
	"copies" integer DEFAULT 3 NOT NULL,
	"performance_status" text DEFAULT 'pending' NOT NULL,
	"performance_checked_on" date,
	"confirmation_deadline" date NOT NULL,
	"confirmation_applied_on" date,
	"confirmation_decision" text,
	"confirmation_decided_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute_counters" (
	"town_code" text NOT NULL,
	"year" integer NOT NULL,
	"last_value" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dispute_counters_town_code_year_pk" PRIMARY KEY("town_code","year")
);
--> statement-breakpoint
CREATE TABLE "dispute_events" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"town_code" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"occurred_on" date NOT NULL,
	"action" text NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"stage_id" text,
	"reason" text,
	"notes" text,
	"payload" jsonb
);
--> statement-breakpoint
CREATE TABLE "dispute_parties" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"town_code" text NOT NULL,
	"seq" integer NOT NULL,
	"role" text NOT NULL,
	"kind" text DEFAULT 'person' NOT NULL,
	"name" text NOT NULL,
	"id_number_enc" text,
	"id_number_hash" text,
	"id_number_masked" text,
	"phone" text,
	"address" text
);
--> statement-breakpoint
CREATE TABLE "dispute_stages" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"town_code" text NOT NULL,
	"seq" integer NOT NULL,
	"level" text NOT NULL,
	"unit_id" text,
	"handler_id" text,
	"linkage" text,
	"accepted_on" date NOT NULL,
	"due_on" date NOT NULL,
	"extended_due_on" date,
	"extension_reason" text,
	"extensions" integer DEFAULT 0 NOT NULL,
	"sessions_count" integer DEFAULT 0 NOT NULL,
	"closed_on" date,
	"outcome" text,
	"failure_reason" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"query_code" text NOT NULL,
	"region_code" text NOT NULL,
	"village_code" text,
	"town_code" text NOT NULL,
	"received_on" date NOT NULL,
	"channel" text NOT NULL,
	"category" text NOT NULL,
	"summary" text NOT NULL,
	"people_count" integer DEFAULT 1 NOT NULL,
	"amount" numeric(14, 2),
	"risk_level" text DEFAULT 'general' NOT NULL,
	"may_turn_criminal" boolean DEFAULT false NOT NULL,
	"threatens_petition" boolean DEFAULT false NOT NULL,
	"group_flag" boolean DEFAULT false NOT NULL,
	"state" text DEFAULT 'registered' NOT NULL,
	"current_level" text,
	"current_unit_id" text,
	"current_handler_id" text,
	"current_stage_id" text,
	"current_due_on" date,
	"first_accepted_on" date,
	"sessions_count" integer DEFAULT 0 NOT NULL,
	"outcome" text,
	"outcome_level" text,
	"concluded_on" date,
	"closed_on" date,
	"told_right_to_sue" boolean DEFAULT false NOT NULL,
	"told_right_to_sue_on" date,
	"imported" boolean DEFAULT false NOT NULL,
	"linked_to" text,
	"risk_id" text,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"stage_id" text,
	"town_code" text NOT NULL,
	"level" text,
	"held_on" date NOT NULL,
	"place" text,
	"method" text NOT NULL,
	"mediators" text,
	"attendees" text,
	"notes" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"visited_on" date NOT NULL,
	"cadres" text NOT NULL,
	"cadre_user_ids" text[] DEFAULT '{}' NOT NULL,
	"region_code" text NOT NULL,
	"village_code" text,
	"town_code" text,
	"dispute_id" text,
	"persons_met" text,
	"persons_count" integer DEFAULT 1 NOT NULL,
	"requests" text,
	"answer" text,
	"follow_up_needed" boolean DEFAULT false NOT NULL,
	"request_status" text DEFAULT 'none' NOT NULL,
	"satisfaction" integer,
	"performance_checked" boolean DEFAULT false NOT NULL,
	"new_issues" text,
	"notes" text,
	"imported" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"message" text NOT NULL,
	"link" text,
	"town_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_events" ADD CONSTRAINT "dispute_events_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD CONSTRAINT "dispute_parties_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_stages" ADD CONSTRAINT "dispute_stages_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD CONSTRAINT "mediation_sessions_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreements_dispute_idx" ON "agreements" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "agreements_town_idx" ON "agreements" USING btree ("town_code","signed_on");--> statement-breakpoint
CREATE INDEX "dispute_events_dispute_idx" ON "dispute_events" USING btree ("dispute_id","at");--> statement-breakpoint
CREATE INDEX "dispute_parties_dispute_idx" ON "dispute_parties" USING btree ("dispute_id","seq");--> statement-breakpoint
CREATE INDEX "dispute_parties_id_hash_idx" ON "dispute_parties" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "dispute_parties_phone_idx" ON "dispute_parties" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "dispute_parties_name_idx" ON "dispute_parties" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "dispute_stages_seq_idx" ON "dispute_stages" USING btree ("dispute_id","seq");--> statement-breakpoint
CREATE INDEX "dispute_stages_unit_idx" ON "dispute_stages" USING btree ("unit_id","dispute_id");--> statement-breakpoint
CREATE INDEX "dispute_stages_handler_idx" ON "dispute_stages" USING btree ("handler_id","dispute_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_number_idx" ON "disputes" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_query_code_idx" ON "disputes" USING btree ("query_code");--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_idempotency_idx" ON "disputes" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "disputes_town_received_idx" ON "disputes" USING btree ("town_code","received_on" DESC NULLS LAST,"created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "disputes_town_state_idx" ON "disputes" USING btree ("town_code","state","received_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "disputes_village_received_idx" ON "disputes" USING btree ("village_code","received_on" DESC NULLS LAST,"created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "disputes_region_idx" ON "disputes" USING btree ("region_code","received_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "disputes_received_idx" ON "disputes" USING btree ("received_on" DESC NULLS LAST,"created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "disputes_state_idx" ON "disputes" USING btree ("state","received_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "disputes_unit_idx" ON "disputes" USING btree ("current_unit_id");--> statement-breakpoint
CREATE INDEX "disputes_handler_idx" ON "disputes" USING btree ("current_handler_id");--> statement-breakpoint
CREATE INDEX "disputes_due_idx" ON "disputes" USING btree ("current_due_on") WHERE current_due_on is not null;--> statement-breakpoint
CREATE INDEX "disputes_concluded_idx" ON "disputes" USING btree ("town_code","concluded_on");--> statement-breakpoint
CREATE INDEX "mediation_sessions_dispute_idx" ON "mediation_sessions" USING btree ("dispute_id","held_on");--> statement-breakpoint
CREATE INDEX "visits_town_idx" ON "visits" USING btree ("town_code","visited_on");--> statement-breakpoint
CREATE INDEX "visits_village_idx" ON "visits" USING btree ("village_code","visited_on");--> statement-breakpoint
CREATE INDEX "visits_region_idx" ON "visits" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "visits_dispute_idx" ON "visits" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "visits_type_idx" ON "visits" USING btree ("type","visited_on");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_event_idx" ON "notifications" USING btree ("user_id","kind","ref");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");