CREATE TABLE "briefing_attendees" (
	"briefing_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"signature_sha256" text,
	CONSTRAINT "briefing_attendees_briefing_id_person_id_pk" PRIMARY KEY("briefing_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "briefing_reminders" (
	"team_id" uuid NOT NULL,
	"day" date NOT NULL,
	"level" integer NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "briefing_reminders_team_id_day_level_pk" PRIMARY KEY("team_id","day","level")
);
--> statement-breakpoint
CREATE TABLE "briefings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"team_id" uuid NOT NULL,
	"day" date NOT NULL,
	"topic" text NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"risks" text DEFAULT '' NOT NULL,
	"permit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"lessons" text DEFAULT '' NOT NULL,
	"leader_user_id" uuid NOT NULL,
	"leader_name" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"photo_evidence_id" uuid,
	"photo_flag" text,
	"lat" double precision,
	"lng" double precision,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"number" text NOT NULL,
	"issuer" text DEFAULT '' NOT NULL,
	"issued_on" date,
	"valid_until" date NOT NULL,
	"scan_sha256" text,
	"reminded_state" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"title" text NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"hours" double precision DEFAULT 1 NOT NULL,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"key_group" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_alarms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"duty_code" text NOT NULL,
	"period_key" text NOT NULL,
	"kind" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "duty_completions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"duty_code" text NOT NULL,
	"period_key" text NOT NULL,
	"completed_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"duty_code" text NOT NULL,
	"year" integer NOT NULL,
	"plan_text" text DEFAULT '' NOT NULL,
	"owner_name" text DEFAULT '' NOT NULL,
	"owner_user_id" uuid,
	"schedule" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"exam_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"question_order" uuid[] NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"score" integer,
	"passed" boolean
);
--> statement-breakpoint
CREATE TABLE "exams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"title" text NOT NULL,
	"course_id" uuid,
	"question_ids" uuid[] NOT NULL,
	"time_limit_min" integer NOT NULL,
	"pass_mark" integer NOT NULL,
	"total_points" integer NOT NULL,
	"shuffle" boolean DEFAULT true NOT NULL,
	"open_from" timestamp with time zone,
	"open_until" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gas_analyses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"permit_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"sampled_at" timestamp with time zone NOT NULL,
	"point" text NOT NULL,
	"gas" text NOT NULL,
	"kind" text NOT NULL,
	"value" double precision NOT NULL,
	"unit" text NOT NULL,
	"lel_percent" double precision,
	"limit_value" double precision,
	"oxygen_enriched" boolean DEFAULT false NOT NULL,
	"pass" boolean NOT NULL,
	"criterion" text NOT NULL,
	"analyst_id" uuid,
	"analyst_name" text NOT NULL,
	"instrument" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "permit_approvers" (
	"enterprise_id" uuid NOT NULL,
	"level" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "permit_approvers_enterprise_id_level_user_id_pk" PRIMARY KEY("enterprise_id","level","user_id")
);
--> statement-breakpoint
CREATE TABLE "permit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"permit_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "permit_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"permit_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"node" text NOT NULL,
	"measure_no" integer,
	"evidence_id" uuid NOT NULL,
	"flag" text,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "permit_measures" (
	"permit_id" uuid NOT NULL,
	"no" integer NOT NULL,
	"text" text NOT NULL,
	"photo_required" boolean DEFAULT false NOT NULL,
	"involved" boolean,
	"confirmed_by" uuid,
	"confirmed_by_name" text,
	"confirmed_at" timestamp with time zone,
	"evidence_id" uuid,
	CONSTRAINT "permit_measures_permit_id_no_pk" PRIMARY KEY("permit_id","no")
);
--> statement-breakpoint
CREATE TABLE "permit_workers" (
	"permit_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"certificates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "permit_workers_permit_id_person_id_pk" PRIMARY KEY("permit_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "permits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"code" text NOT NULL,
	"type" text NOT NULL,
	"grade" text,
	"grade_inputs" jsonb NOT NULL,
	"grade_result" jsonb NOT NULL,
	"rules_version" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"high_risk" boolean DEFAULT false NOT NULL,
	"place" text NOT NULL,
	"content" text NOT NULL,
	"working_unit" text DEFAULT '' NOT NULL,
	"in_hazard_area" boolean DEFAULT false NOT NULL,
	"planned_start" timestamp with time zone NOT NULL,
	"planned_end" timestamp with time zone NOT NULL,
	"work_date" date NOT NULL,
	"extension_reason" text DEFAULT '' NOT NULL,
	"requester_id" uuid NOT NULL,
	"requester_name" text NOT NULL,
	"work_leader_id" uuid NOT NULL,
	"watchman_id" uuid NOT NULL,
	"gas_analyst_id" uuid,
	"briefer_id" uuid,
	"linked_permit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"approver_level" text NOT NULL,
	"co_sign" text[] DEFAULT '{}'::text[] NOT NULL,
	"approved_by" uuid,
	"approved_by_name" text,
	"approved_at" timestamp with time zone,
	"approval_lat" double precision,
	"approval_lng" double precision,
	"approval_opinion" text DEFAULT '' NOT NULL,
	"started_at" timestamp with time zone,
	"suspended_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"accepted_by" uuid,
	"accepted_by_name" text,
	"accepted_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"cancel_reason" text DEFAULT '' NOT NULL,
	"retain_until" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personnel" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'employee' NOT NULL,
	"contractor_company" text DEFAULT '' NOT NULL,
	"id_number_masked" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"department" text DEFAULT '' NOT NULL,
	"post" text DEFAULT '' NOT NULL,
	"team_id" uuid,
	"key_group" text,
	"user_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"bank" text DEFAULT '默认题库' NOT NULL,
	"kind" text NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb NOT NULL,
	"answer" text[] NOT NULL,
	"explanation" text DEFAULT '' NOT NULL,
	"points" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"name" text NOT NULL,
	"leader_person_id" uuid,
	"leader_user_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source_id" uuid,
	"title" text NOT NULL,
	"day" date NOT NULL,
	"hours" double precision DEFAULT 0 NOT NULL,
	"result" text DEFAULT '' NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "briefing_attendees" ADD CONSTRAINT "briefing_attendees_briefing_id_briefings_id_fk" FOREIGN KEY ("briefing_id") REFERENCES "public"."briefings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefing_reminders" ADD CONSTRAINT "briefing_reminders_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefings" ADD CONSTRAINT "briefings_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "briefings" ADD CONSTRAINT "briefings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_person_id_personnel_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."personnel"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_alarms" ADD CONSTRAINT "duty_alarms_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_completions" ADD CONSTRAINT "duty_completions_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_plans" ADD CONSTRAINT "duty_plans_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exams" ADD CONSTRAINT "exams_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gas_analyses" ADD CONSTRAINT "gas_analyses_permit_id_permits_id_fk" FOREIGN KEY ("permit_id") REFERENCES "public"."permits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permit_approvers" ADD CONSTRAINT "permit_approvers_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permit_events" ADD CONSTRAINT "permit_events_permit_id_permits_id_fk" FOREIGN KEY ("permit_id") REFERENCES "public"."permits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permit_evidence" ADD CONSTRAINT "permit_evidence_permit_id_permits_id_fk" FOREIGN KEY ("permit_id") REFERENCES "public"."permits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permit_measures" ADD CONSTRAINT "permit_measures_permit_id_permits_id_fk" FOREIGN KEY ("permit_id") REFERENCES "public"."permits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permit_workers" ADD CONSTRAINT "permit_workers_permit_id_permits_id_fk" FOREIGN KEY ("permit_id") REFERENCES "public"."permits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permits" ADD CONSTRAINT "permits_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personnel" ADD CONSTRAINT "personnel_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personnel" ADD CONSTRAINT "personnel_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_person_id_personnel_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."personnel"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "briefings_team_day_uq" ON "briefings" USING btree ("team_id","day");--> statement-breakpoint
CREATE INDEX "briefings_enterprise_idx" ON "briefings" USING btree ("enterprise_id","day");--> statement-breakpoint
CREATE INDEX "certificates_person_idx" ON "certificates" USING btree ("person_id","type");--> statement-breakpoint
CREATE INDEX "certificates_enterprise_idx" ON "certificates" USING btree ("enterprise_id","valid_until");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_number_uq" ON "certificates" USING btree ("enterprise_id","type","number");--> statement-breakpoint
CREATE INDEX "courses_enterprise_idx" ON "courses" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_alarms_uq" ON "duty_alarms" USING btree ("enterprise_id","duty_code","period_key","kind");--> statement-breakpoint
CREATE INDEX "duty_alarms_region_idx" ON "duty_alarms" USING btree ("region_path","resolved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_completions_uq" ON "duty_completions" USING btree ("enterprise_id","duty_code","period_key");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_plans_uq" ON "duty_plans" USING btree ("enterprise_id","duty_code","year");--> statement-breakpoint
CREATE INDEX "duty_plans_region_idx" ON "duty_plans" USING btree ("region_path","year");--> statement-breakpoint
CREATE INDEX "exam_attempts_exam_idx" ON "exam_attempts" USING btree ("exam_id","person_id");--> statement-breakpoint
CREATE INDEX "exams_enterprise_idx" ON "exams" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "gas_analyses_permit_idx" ON "gas_analyses" USING btree ("permit_id","sampled_at");--> statement-breakpoint
CREATE INDEX "permit_events_permit_idx" ON "permit_events" USING btree ("permit_id","at");--> statement-breakpoint
CREATE INDEX "permit_evidence_permit_idx" ON "permit_evidence" USING btree ("permit_id");--> statement-breakpoint
CREATE INDEX "permit_workers_person_idx" ON "permit_workers" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "permits_code_uq" ON "permits" USING btree ("enterprise_id","code");--> statement-breakpoint
CREATE INDEX "permits_enterprise_idx" ON "permits" USING btree ("enterprise_id","work_date","status");--> statement-breakpoint
CREATE INDEX "permits_day_region_idx" ON "permits" USING btree ("work_date","region_path","high_risk");--> statement-breakpoint
CREATE INDEX "permits_status_idx" ON "permits" USING btree ("status","planned_end");--> statement-breakpoint
CREATE INDEX "personnel_enterprise_idx" ON "personnel" USING btree ("enterprise_id","name");--> statement-breakpoint
CREATE INDEX "personnel_team_idx" ON "personnel" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "personnel_user_idx" ON "personnel" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "personnel_region_idx" ON "personnel" USING btree ("region_path");--> statement-breakpoint
CREATE INDEX "questions_enterprise_idx" ON "questions" USING btree ("enterprise_id","bank");--> statement-breakpoint
CREATE INDEX "teams_enterprise_idx" ON "teams" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_name_uq" ON "teams" USING btree ("enterprise_id","name");--> statement-breakpoint
CREATE INDEX "training_records_person_idx" ON "training_records" USING btree ("person_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "training_records_source_uq" ON "training_records" USING btree ("person_id","kind","source_id");