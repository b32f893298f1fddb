ALTER TABLE "users"."audit_log" ADD COLUMN "subject_user_id" uuid;--> statement-breakpoint
CREATE INDEX "audit_subject" ON "users"."audit_log" USING btree ("subject_user_id","at");