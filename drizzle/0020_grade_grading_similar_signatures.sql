CREATE TABLE "agreement_signatures" (
	"id" text PRIMARY KEY NOT NULL,
	"agreement_id" text NOT NULL,
	"dispute_id" text NOT NULL,
	"town_code" text NOT NULL,
	"signer_role" text NOT NULL,
	"party_id" text,
	"signer_name" text NOT NULL,
	"captured_by" text,
	"image" text NOT NULL,
	"image_sha256" text NOT NULL,
	"document_sha256" text NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"invalidated_at" timestamp with time zone,
	"invalidated_reason" text
);
--> statement-breakpoint
CREATE TABLE "dispute_grams" (
	"town_code" text NOT NULL,
	"gram" integer NOT NULL,
	"dispute_id" text NOT NULL,
	CONSTRAINT "dispute_grams_town_code_gram_dispute_id_pk" PRIMARY KEY("town_code","gram","dispute_id")
);
--> statement-breakpoint
ALTER TABLE "key_persons" ADD COLUMN "id_number_enc" text;--> statement-breakpoint
ALTER TABLE "key_persons" ADD COLUMN "id_number_hash" text;--> statement-breakpoint
ALTER TABLE "key_persons" ADD COLUMN "id_number_masked" text;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "grade" text;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "grade_score" integer;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "grade_reasons" text[];--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "route_override" jsonb;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "summary_grams" integer[];--> statement-breakpoint
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_grams" ADD CONSTRAINT "dispute_grams_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_signatures_agreement_idx" ON "agreement_signatures" USING btree ("agreement_id","signed_at");--> statement-breakpoint
CREATE INDEX "dispute_grams_dispute_idx" ON "dispute_grams" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "key_persons_id_hash_idx" ON "key_persons" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "disputes_grade_town_idx" ON "disputes" USING btree ("grade","town_code","received_on" DESC NULLS LAST);