-- Indexes for the evaluation (SPEC §7): one year of every town is gathered by date range (gather.ts),
-- so each outside-data table gets a date-leading index that covers the grouped columns (index-only scans).
CREATE INDEX IF NOT EXISTS "eval_court_cases_filed_idx" ON "court_cases" USING btree ("filed_on") INCLUDE ("instance", "kind", "town_code", "defendant_region_code");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "eval_prelit_received_idx" ON "prelitigation_mediations" USING btree ("received_on") INCLUDE ("result", "concluded_on", "town_code", "defendant_region_code", "party_town_code", "party_region_code");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "eval_platform_accepted_idx" ON "platform_disputes" USING btree ("accepted_on") INCLUDE ("result", "concluded_on", "town_code", "unit_region_code");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "eval_incidents_occurred_idx" ON "incidents" USING btree ("occurred_on");
