CREATE TABLE `job_stage_ready` (
	`job` text PRIMARY KEY NOT NULL,
	`chunks` integer NOT NULL,
	`applied_through` integer DEFAULT 0 NOT NULL,
	`ready_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_stages` (
	`job` text NOT NULL,
	`seq` integer NOT NULL,
	`payload` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_stages_job_seq_uq` ON `job_stages` (`job`,`seq`);