ALTER TABLE "dispute_stages" ADD COLUMN "court_case_no" text;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD COLUMN "mediator_ids" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE INDEX "dispute_stages_court_case_idx" ON "dispute_stages" USING btree ("court_case_no");