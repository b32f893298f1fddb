CREATE SCHEMA "users";
--> statement-breakpoint
CREATE TABLE "users"."api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"priority" integer,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"model_allowlist" text[],
	"cidr_allowlist" text[],
	"max_concurrency" integer,
	"requests_per_minute" integer,
	"tokens_per_minute" integer,
	"daily_token_quota" bigint,
	"monthly_token_quota" bigint,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_secret_hash_unique" UNIQUE("secret_hash")
);
--> statement-breakpoint
CREATE TABLE "users"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_username" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"details" jsonb,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "users"."conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"model" text NOT NULL,
	"system_prompt" text DEFAULT '' NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users"."groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"priority" integer DEFAULT 5 NOT NULL,
	"weight" real DEFAULT 1 NOT NULL,
	"model_allowlist" text[],
	"max_concurrency" integer,
	"requests_per_minute" integer,
	"tokens_per_minute" integer,
	"daily_token_quota" bigint,
	"monthly_token_quota" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "groups_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "users"."ip_allowlist_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cidr" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ip_allowlist_entries_cidr_unique" UNIQUE("cidr")
);
--> statement-breakpoint
CREATE TABLE "users"."messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"images" text[],
	"model" text,
	"status" text DEFAULT 'complete' NOT NULL,
	"prompt_tokens" integer,
	"output_tokens" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users"."ollama_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"public_key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ollama_keys_public_key_unique" UNIQUE("public_key")
);
--> statement-breakpoint
CREATE TABLE "users"."settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users"."usage_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"key_id" uuid,
	"group_id" uuid,
	"model" text NOT NULL,
	"backend_id" text,
	"endpoint" text NOT NULL,
	"source" text NOT NULL,
	"status" integer NOT NULL,
	"prompt_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"queue_wait_ms" integer NOT NULL,
	"time_to_first_token_ms" integer,
	"duration_ms" integer NOT NULL,
	"priority" integer NOT NULL,
	"error" text,
	"finished_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users"."users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"role" text DEFAULT 'user' NOT NULL,
	"group_id" uuid NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users"."api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."conversations" ADD CONSTRAINT "conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "users"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."ollama_keys" ADD CONSTRAINT "ollama_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users"."users" ADD CONSTRAINT "users_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "users"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_user" ON "users"."api_keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_at" ON "users"."audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_action" ON "users"."audit_log" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "conversations_user" ON "users"."conversations" USING btree ("user_id","updated_at");--> statement-breakpoint
CREATE INDEX "messages_conversation" ON "users"."messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "ollama_keys_user" ON "users"."ollama_keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "usage_user_time" ON "users"."usage_records" USING btree ("user_id","finished_at");--> statement-breakpoint
CREATE INDEX "usage_key_time" ON "users"."usage_records" USING btree ("key_id","finished_at");--> statement-breakpoint
CREATE INDEX "usage_group_time" ON "users"."usage_records" USING btree ("group_id","finished_at");--> statement-breakpoint
CREATE INDEX "usage_time" ON "users"."usage_records" USING btree ("finished_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_lower" ON "users"."users" USING btree (lower("username"));