DROP INDEX "users"."usage_user_time";--> statement-breakpoint
DROP INDEX "users"."usage_key_time";--> statement-breakpoint
DROP INDEX "users"."usage_group_time";--> statement-breakpoint
DROP INDEX "users"."usage_time";--> statement-breakpoint
ALTER TABLE "users"."usage_records" ADD COLUMN "requeues" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users"."usage_records" ADD COLUMN "backends_tried" text[];--> statement-breakpoint
CREATE INDEX "usage_model_time" ON "users"."usage_records" USING btree ("model","finished_at","id");--> statement-breakpoint
CREATE INDEX "usage_backend_time" ON "users"."usage_records" USING btree ("backend_id","finished_at","id");--> statement-breakpoint
CREATE INDEX "usage_status_time" ON "users"."usage_records" USING btree ("status","finished_at","id");--> statement-breakpoint
CREATE INDEX "usage_status_class_time" ON "users"."usage_records" USING btree (("status" / 100),"finished_at","id");--> statement-breakpoint
CREATE INDEX "usage_endpoint_time" ON "users"."usage_records" USING btree ("endpoint","finished_at","id");--> statement-breakpoint
CREATE INDEX "usage_user_time" ON "users"."usage_records" USING btree ("user_id","finished_at","id");--> statement-breakpoint
CREATE INDEX "usage_key_time" ON "users"."usage_records" USING btree ("key_id","finished_at","id");--> statement-breakpoint
CREATE INDEX "usage_group_time" ON "users"."usage_records" USING btree ("group_id","finished_at","id");--> statement-breakpoint
CREATE INDEX "usage_time" ON "users"."usage_records" USING btree ("finished_at","id");