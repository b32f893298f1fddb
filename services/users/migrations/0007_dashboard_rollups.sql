CREATE TABLE "users"."refusal_minutes" (
	"bucket_start" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"priority" integer NOT NULL,
	"status" integer NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "refusal_minutes_bucket_start_reason_priority_status_pk" PRIMARY KEY("bucket_start","reason","priority","status")
);
--> statement-breakpoint
CREATE TABLE "users"."usage_dimensions" (
	"grain" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"requests" integer NOT NULL,
	"errors" integer NOT NULL,
	"prompt_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"duration_ms" bigint NOT NULL,
	CONSTRAINT "usage_dimensions_dimension_grain_bucket_start_value_pk" PRIMARY KEY("dimension","grain","bucket_start","value")
);
--> statement-breakpoint
CREATE TABLE "users"."usage_latency" (
	"grain" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"metric" text NOT NULL,
	"priority" integer NOT NULL,
	"bin" integer NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "usage_latency_grain_bucket_start_metric_priority_bin_pk" PRIMARY KEY("grain","bucket_start","metric","priority","bin")
);
--> statement-breakpoint
CREATE TABLE "users"."usage_minutes" (
	"bucket_start" timestamp with time zone NOT NULL,
	"requests" integer NOT NULL,
	"errors" integer NOT NULL,
	"prompt_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	CONSTRAINT "usage_minutes_bucket_start_pk" PRIMARY KEY("bucket_start")
);
--> statement-breakpoint
CREATE TABLE "users"."usage_users" (
	"grain" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"priority" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"requests" integer NOT NULL,
	"errors" integer NOT NULL,
	"prompt_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	CONSTRAINT "usage_users_grain_bucket_start_priority_user_id_pk" PRIMARY KEY("grain","bucket_start","priority","user_id")
);
