-- Usernames are compared by one key computed in the application (usernameKey: NFKC, then a
-- locale-independent lower case), not by PostgreSQL's lower(), which follows the collation.
-- Existing names are ASCII (the API's username pattern); translate() lowers ASCII the same way in
-- every locale, and normalize() + lower() are the best the database can do for anything else.
ALTER TABLE "users"."users" ADD COLUMN "username_key" text;--> statement-breakpoint
UPDATE "users"."users" SET "username_key" = lower(translate(normalize("username", NFKC), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'));--> statement-breakpoint
ALTER TABLE "users"."users" ALTER COLUMN "username_key" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key" ON "users"."users" USING btree ("username_key");--> statement-breakpoint
DROP INDEX "users"."users_username_lower";
