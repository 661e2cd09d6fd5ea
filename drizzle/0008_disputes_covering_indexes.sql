DROP INDEX "disputes_town_state_idx";--> statement-breakpoint
DROP INDEX "disputes_state_idx";--> statement-breakpoint
DROP INDEX "disputes_concluded_idx";--> statement-breakpoint
DROP INDEX "disputes_category_idx";--> statement-breakpoint
DROP INDEX "disputes_town_received_idx";--> statement-breakpoint
DROP INDEX "disputes_village_received_idx";--> statement-breakpoint
DROP INDEX "disputes_received_idx";--> statement-breakpoint
CREATE INDEX "disputes_town_received_idx" ON "disputes" USING btree ("town_code","received_on" DESC NULLS LAST,"created_at" DESC NULLS LAST,"state","category","current_due_on","current_level","risk_level");--> statement-breakpoint
CREATE INDEX "disputes_village_received_idx" ON "disputes" USING btree ("village_code","received_on" DESC NULLS LAST,"created_at" DESC NULLS LAST,"state","category","current_due_on");--> statement-breakpoint
CREATE INDEX "disputes_received_idx" ON "disputes" USING btree ("received_on" DESC NULLS LAST,"created_at" DESC NULLS LAST,"town_code","state","category","current_due_on");