CREATE INDEX "api_keys_last_used" ON "users"."api_keys" USING btree ("last_used_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "api_keys_expires" ON "users"."api_keys" USING btree ("expires_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "api_keys_name_lower" ON "users"."api_keys" USING btree (lower("name"),"id");--> statement-breakpoint
CREATE INDEX "api_keys_name_search" ON "users"."api_keys" USING btree (lower("name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "api_keys_prefix_search" ON "users"."api_keys" USING btree ("prefix" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "users_role_name" ON "users"."users" USING btree ("role",lower("username"),"id");