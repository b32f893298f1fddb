CREATE TABLE "auth"."registration_redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"username" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auth"."registration_tokens" ADD COLUMN "created_by_username" text;--> statement-breakpoint
ALTER TABLE "auth"."registration_redemptions" ADD CONSTRAINT "registration_redemptions_token_id_registration_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "auth"."registration_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registration_redemptions_token" ON "auth"."registration_redemptions" USING btree ("token_id","at");