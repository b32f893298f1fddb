ALTER TABLE "users"."api_keys" ADD COLUMN "last_four" text;--> statement-breakpoint
ALTER TABLE "users"."audit_log" ADD COLUMN "before" jsonb;--> statement-breakpoint
ALTER TABLE "users"."audit_log" ADD COLUMN "after" jsonb;--> statement-breakpoint
ALTER TABLE "users"."groups" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users"."users" ADD COLUMN "last_active_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "api_keys_created" ON "users"."api_keys" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audit_actor" ON "users"."audit_log" USING btree ("actor_user_id","at");--> statement-breakpoint
CREATE INDEX "audit_target" ON "users"."audit_log" USING btree ("target_id","at");--> statement-breakpoint
CREATE INDEX "users_created" ON "users"."users" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "users_last_active" ON "users"."users" USING btree ("last_active_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "users_group" ON "users"."users" USING btree ("group_id");