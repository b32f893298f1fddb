CREATE TABLE "users"."alert_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivery_id" text NOT NULL,
	"rule_id" uuid,
	"rule_name" text,
	"target_id" uuid,
	"target_name" text NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"attempt" integer NOT NULL,
	"result" text NOT NULL,
	"response_status" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users"."alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"params" jsonb NOT NULL,
	"target_ids" uuid[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"resolve_after_seconds" integer NOT NULL,
	"cooldown_seconds" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users"."alert_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"url" text NOT NULL,
	"secret_sealed" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "alert_deliveries_target" ON "users"."alert_deliveries" USING btree ("target_id","id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_rule" ON "users"."alert_deliveries" USING btree ("rule_id","id");