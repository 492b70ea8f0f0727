CREATE TABLE "checklist_confirmations" (
	"checklist_id" uuid NOT NULL,
	"party" text NOT NULL,
	"version" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"user_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "checklist_confirmations_checklist_id_party_pk" PRIMARY KEY("checklist_id","party")
);
--> statement-breakpoint
CREATE TABLE "checklist_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"basis" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"enterprise_id" uuid,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"items" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "control_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"description" text NOT NULL,
	"classify1" text NOT NULL,
	"classify2" text NOT NULL,
	"classify3" text DEFAULT '' NOT NULL,
	"control_level" text NOT NULL,
	"responsible_person" text DEFAULT '' NOT NULL,
	"responsible_user_id" uuid,
	"data_src" integer DEFAULT 2 NOT NULL,
	"troubleshoot_content" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "determination_items" (
	"code" text PRIMARY KEY NOT NULL,
	"standard" text NOT NULL,
	"standard_name" text NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_checklists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"items" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid,
	"file_sha256" text NOT NULL,
	"uploaded_by" uuid,
	"uploaded_by_name" text DEFAULT '' NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"taken_at" timestamp with time zone,
	"client_taken_at" timestamp with time zone,
	"capture" text DEFAULT 'unknown' NOT NULL,
	"lat" double precision,
	"lng" double precision
);
--> statement-breakpoint
CREATE TABLE "exchange_ids" (
	"enterprise_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"external_id" text NOT NULL,
	"local_id" uuid NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exchange_ids_enterprise_id_kind_external_id_pk" PRIMARY KEY("enterprise_id","kind","external_id")
);
--> statement-breakpoint
CREATE TABLE "hazard_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"hazard_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"comment" text DEFAULT '' NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "hazard_evidence" (
	"hazard_id" uuid NOT NULL,
	"evidence_id" uuid NOT NULL,
	"stage" text NOT NULL,
	CONSTRAINT "hazard_evidence_hazard_id_evidence_id_pk" PRIMARY KEY("hazard_id","evidence_id")
);
--> statement-breakpoint
CREATE TABLE "hazard_stats_rollup" (
	"grain" text NOT NULL,
	"period" date NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"found" integer DEFAULT 0 NOT NULL,
	"found_closed" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hazard_stats_rollup_grain_period_region_path_sector_pk" PRIMARY KEY("grain","period","region_path","sector")
);
--> statement-breakpoint
CREATE TABLE "hazards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"sector" text NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"status" text NOT NULL,
	"level" text DEFAULT 'general' NOT NULL,
	"danger_type" integer,
	"source" text NOT NULL,
	"manage_type" text,
	"category" integer DEFAULT 0 NOT NULL,
	"management_class" integer,
	"standard_item_code" text,
	"risk_unit_id" uuid,
	"measure_id" uuid,
	"check_record_id" uuid,
	"enforcement_id" text,
	"reported_by" uuid,
	"reported_by_name" text NOT NULL,
	"reported_by_org_kind" text DEFAULT 'enterprise' NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"rectification" jsonb,
	"rectifier_user_id" uuid,
	"deadline" timestamp with time zone,
	"governance_plan" jsonb,
	"rectified_by" uuid,
	"rectified_at" timestamp with time zone,
	"rectify_note" text,
	"accepted_by" uuid,
	"accepted_at" timestamp with time zone,
	"accept_comment" text,
	"closed_at" timestamp with time zone,
	"supervised_by_org_id" uuid,
	"supervised_at" timestamp with time zone,
	"supervision_note" text,
	"signed_off_by" uuid,
	"signed_off_at" timestamp with time zone,
	"reported_to_regulators_at" timestamp with time zone,
	"extension" jsonb,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"last_escalated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"assignee_user_id" uuid,
	"due_from" timestamp with time zone NOT NULL,
	"due_to" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"record_id" uuid,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"task_id" uuid,
	"instance_id" uuid,
	"measure_id" uuid,
	"result" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"evidence_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"hazard_id" uuid,
	"late" boolean DEFAULT false NOT NULL,
	"checked_by" uuid,
	"checked_by_name" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"measure_id" uuid NOT NULL,
	"content" text NOT NULL,
	"cycle" integer NOT NULL,
	"cycle_unit" text NOT NULL,
	"work_day_type" integer DEFAULT 0 NOT NULL,
	"work_start" text,
	"work_end" text,
	"work_type" integer DEFAULT 0 NOT NULL,
	"task_num" integer,
	"assignee_user_id" uuid,
	"assignee_post" text DEFAULT '' NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jurisdiction_settings" (
	"region_code" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jurisdiction_settings_region_code_key_pk" PRIMARY KEY("region_code","key")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"org_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"enterprise_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"method" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"calculator_version" text NOT NULL,
	"bands_version" text NOT NULL,
	"assessed_by" uuid,
	"assessed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"consequence" text DEFAULT '' NOT NULL,
	"method" text DEFAULT 'lec' NOT NULL,
	"inherent" jsonb,
	"residual" jsonb,
	"risk_grade" text,
	"risk_level" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_map_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"map_id" uuid NOT NULL,
	"name" text NOT NULL,
	"polygon" jsonb NOT NULL,
	"unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_maps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"name" text NOT NULL,
	"image_sha256" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_objects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"hazard_code" text DEFAULT '' NOT NULL,
	"department" text DEFAULT '' NOT NULL,
	"liable_person" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"object_id" uuid NOT NULL,
	"name" text NOT NULL,
	"department" text DEFAULT '' NOT NULL,
	"liable_person" text DEFAULT '' NOT NULL,
	"liable_user_id" uuid,
	"location" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'normal' NOT NULL,
	"qr_token" text NOT NULL,
	"risk_grade" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"checklist_id" uuid NOT NULL,
	"checked_by" uuid,
	"checked_by_name" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"results" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_shutdowns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checklist_confirmations" ADD CONSTRAINT "checklist_confirmations_checklist_id_enterprise_checklists_id_fk" FOREIGN KEY ("checklist_id") REFERENCES "public"."enterprise_checklists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_templates" ADD CONSTRAINT "checklist_templates_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_measures" ADD CONSTRAINT "control_measures_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_measures" ADD CONSTRAINT "control_measures_unit_id_risk_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."risk_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_measures" ADD CONSTRAINT "control_measures_event_id_risk_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."risk_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_measures" ADD CONSTRAINT "control_measures_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_checklists" ADD CONSTRAINT "enterprise_checklists_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_file_sha256_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_ids" ADD CONSTRAINT "exchange_ids_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_evidence" ADD CONSTRAINT "hazard_evidence_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_evidence" ADD CONSTRAINT "hazard_evidence_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_instances" ADD CONSTRAINT "inspection_instances_task_id_inspection_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."inspection_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_records" ADD CONSTRAINT "inspection_records_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_unit_id_risk_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."risk_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_measure_id_control_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."control_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jurisdiction_settings" ADD CONSTRAINT "jurisdiction_settings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_event_id_risk_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."risk_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_events" ADD CONSTRAINT "risk_events_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_events" ADD CONSTRAINT "risk_events_unit_id_risk_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."risk_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_map_areas" ADD CONSTRAINT "risk_map_areas_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_map_areas" ADD CONSTRAINT "risk_map_areas_map_id_risk_maps_id_fk" FOREIGN KEY ("map_id") REFERENCES "public"."risk_maps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_maps" ADD CONSTRAINT "risk_maps_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_maps" ADD CONSTRAINT "risk_maps_image_sha256_files_sha256_fk" FOREIGN KEY ("image_sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_objects" ADD CONSTRAINT "risk_objects_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_units" ADD CONSTRAINT "risk_units_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_units" ADD CONSTRAINT "risk_units_object_id_risk_objects_id_fk" FOREIGN KEY ("object_id") REFERENCES "public"."risk_objects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_units" ADD CONSTRAINT "risk_units_liable_user_id_users_id_fk" FOREIGN KEY ("liable_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_checks" ADD CONSTRAINT "self_checks_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_checks" ADD CONSTRAINT "self_checks_checklist_id_enterprise_checklists_id_fk" FOREIGN KEY ("checklist_id") REFERENCES "public"."enterprise_checklists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_shutdowns" ADD CONSTRAINT "unit_shutdowns_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_shutdowns" ADD CONSTRAINT "unit_shutdowns_unit_id_risk_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."risk_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "control_measures_enterprise_idx" ON "control_measures" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "control_measures_event_idx" ON "control_measures" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "control_measures_unit_idx" ON "control_measures" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "enterprise_checklists_enterprise_idx" ON "enterprise_checklists" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "evidence_sha_idx" ON "evidence" USING btree ("file_sha256");--> statement-breakpoint
CREATE INDEX "evidence_enterprise_idx" ON "evidence" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "hazard_events_hazard_idx" ON "hazard_events" USING btree ("hazard_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "hazards_code_uq" ON "hazards" USING btree ("code");--> statement-breakpoint
CREATE INDEX "hazards_enterprise_idx" ON "hazards" USING btree ("enterprise_id","reported_at");--> statement-breakpoint
CREATE INDEX "hazards_region_idx" ON "hazards" USING btree ("region_path" text_pattern_ops,"reported_at");--> statement-breakpoint
CREATE INDEX "hazards_open_deadline_idx" ON "hazards" USING btree ("deadline") WHERE status IN ('rectifying', 'awaiting_acceptance');--> statement-breakpoint
CREATE INDEX "hazards_reported_at_idx" ON "hazards" USING btree ("reported_at");--> statement-breakpoint
CREATE INDEX "hazards_rectifier_idx" ON "hazards" USING btree ("rectifier_user_id") WHERE status = 'rectifying';--> statement-breakpoint
CREATE INDEX "hazards_open_stats_idx" ON "hazards" USING btree ("region_path" text_pattern_ops,"sector","enterprise_id","status","level","deadline","supervised_by_org_id") WHERE status IN ('reported', 'rectifying', 'awaiting_acceptance', 'awaiting_signoff');--> statement-breakpoint
CREATE INDEX "hazards_closed_at_idx" ON "hazards" USING btree ("closed_at") WHERE closed_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "hazards_supervised_idx" ON "hazards" USING btree ("supervised_by_org_id","reported_at") WHERE supervised_by_org_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "hazards_source_idx" ON "hazards" USING btree ("source","reported_at");--> statement-breakpoint
CREATE INDEX "hazards_major_idx" ON "hazards" USING btree ("reported_at") WHERE level = 'major';--> statement-breakpoint
CREATE INDEX "hazards_search_idx" ON "hazards" USING gin (anguan_bigrams(lower("title" || ' ' || "location")));--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_instances_task_due_uq" ON "inspection_instances" USING btree ("task_id","due_from");--> statement-breakpoint
CREATE INDEX "inspection_instances_enterprise_idx" ON "inspection_instances" USING btree ("enterprise_id","due_to");--> statement-breakpoint
CREATE INDEX "inspection_instances_pending_due_idx" ON "inspection_instances" USING btree ("due_to") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "inspection_instances_suspended_due_idx" ON "inspection_instances" USING btree ("due_to") WHERE status = 'suspended';--> statement-breakpoint
CREATE INDEX "inspection_records_enterprise_idx" ON "inspection_records" USING btree ("enterprise_id","checked_at");--> statement-breakpoint
CREATE INDEX "inspection_records_unit_idx" ON "inspection_records" USING btree ("unit_id","checked_at");--> statement-breakpoint
CREATE INDEX "inspection_tasks_enterprise_idx" ON "inspection_tasks" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "inspection_tasks_unit_idx" ON "inspection_tasks" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_org_idx" ON "notifications" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_assessments_event_idx" ON "risk_assessments" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "risk_events_enterprise_idx" ON "risk_events" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "risk_events_unit_idx" ON "risk_events" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "risk_map_areas_map_idx" ON "risk_map_areas" USING btree ("map_id");--> statement-breakpoint
CREATE INDEX "risk_maps_enterprise_idx" ON "risk_maps" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "risk_objects_enterprise_idx" ON "risk_objects" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "risk_units_enterprise_idx" ON "risk_units" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "risk_units_object_idx" ON "risk_units" USING btree ("object_id");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_units_qr_uq" ON "risk_units" USING btree ("qr_token");--> statement-breakpoint
CREATE INDEX "self_checks_enterprise_idx" ON "self_checks" USING btree ("enterprise_id","checked_at");--> statement-breakpoint
CREATE INDEX "unit_shutdowns_unit_idx" ON "unit_shutdowns" USING btree ("unit_id","start_at");