ALTER TABLE "agreements" ADD COLUMN "recorder" text;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD COLUMN "ethnicity" text;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD COLUMN "recorder" text;