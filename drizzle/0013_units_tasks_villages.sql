CREATE TABLE "user_villages" (
	"user_id" text NOT NULL,
	"region_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_villages_user_id_region_code_pk" PRIMARY KEY("user_id","region_code")
);
--> statement-breakpoint
CREATE TABLE "programme_task_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"task_id" text NOT NULL,
	"region_code" text NOT NULL,
	"town_code" text,
	"kind" text NOT NULL,
	"percent" integer,
	"note" text NOT NULL,
	"author_id" text,
	"author_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "programme_tasks" ADD COLUMN "village_code" text;--> statement-breakpoint
ALTER TABLE "programme_tasks" ADD COLUMN "progress" integer;--> statement-breakpoint
ALTER TABLE "user_villages" ADD CONSTRAINT "user_villages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_villages" ADD CONSTRAINT "user_villages_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_task_reports" ADD CONSTRAINT "programme_task_reports_task_id_programme_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."programme_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_villages_region_idx" ON "user_villages" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "programme_task_reports_task_idx" ON "programme_task_reports" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE INDEX "programme_tasks_unit_idx" ON "programme_tasks" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "programme_tasks_village_idx" ON "programme_tasks" USING btree ("village_code");