CREATE TABLE "document_numbers" (
	"id" text PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"scope" text NOT NULL,
	"paper" text NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"issued_by" text,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "document_numbers_paper_idx" ON "document_numbers" USING btree ("year","scope","paper");--> statement-breakpoint
CREATE UNIQUE INDEX "document_numbers_seq_idx" ON "document_numbers" USING btree ("year","scope","seq");