-- Issue 16.4: first-instance court cases counted per month, town, region and kind, kept exact by statement
-- triggers on court_cases (no lag: the counts change in the same transaction as the rows). The evaluation
-- reads whole months from here and only the days of the as-of date's month from court_cases itself.
-- Not in the drizzle schema on purpose: backups and bundles carry court_cases, and the triggers rebuild this.
CREATE TABLE "court_case_months" (
	"month" date NOT NULL,
	"town_code" text NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "court_case_months_pk" PRIMARY KEY ("month", "town_code", "region_code", "kind")
);
--> statement-breakpoint
INSERT INTO "court_case_months" ("month", "town_code", "region_code", "kind", "n")
SELECT date_trunc('month', filed_on)::date, coalesce(town_code, ''), coalesce(defendant_region_code, ''), kind, count(*)::int
  FROM court_cases WHERE instance = 'first' GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE FUNCTION court_case_months_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- old rows out, new rows in; grouped and ordered so concurrent statements lock the counts in one order
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO court_case_months AS m ("month", town_code, region_code, kind, n)
    SELECT date_trunc('month', filed_on)::date, coalesce(town_code, ''), coalesce(defendant_region_code, ''), kind, -count(*)::int
      FROM old_rows WHERE instance = 'first' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("month", town_code, region_code, kind) DO UPDATE SET n = m.n + excluded.n;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO court_case_months AS m ("month", town_code, region_code, kind, n)
    SELECT date_trunc('month', filed_on)::date, coalesce(town_code, ''), coalesce(defendant_region_code, ''), kind, count(*)::int
      FROM new_rows WHERE instance = 'first' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT ("month", town_code, region_code, kind) DO UPDATE SET n = m.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION court_case_months_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM court_case_months;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER court_case_months_insert AFTER INSERT ON court_cases REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION court_case_months_apply();
--> statement-breakpoint
CREATE TRIGGER court_case_months_update AFTER UPDATE ON court_cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION court_case_months_apply();
--> statement-breakpoint
CREATE TRIGGER court_case_months_delete AFTER DELETE ON court_cases REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION court_case_months_apply();
--> statement-breakpoint
CREATE TRIGGER court_case_months_truncate AFTER TRUNCATE ON court_cases FOR EACH STATEMENT EXECUTE FUNCTION court_case_months_clear();
