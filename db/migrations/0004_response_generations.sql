CREATE TABLE `unanswered_counts` (
	`assignee_id` integer PRIMARY KEY NOT NULL,
	`count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX `response_daily_assignee_idx`;--> statement-breakpoint
DROP INDEX `response_daily_channel_idx`;--> statement-breakpoint
DROP INDEX `response_daily_key_uq`;--> statement-breakpoint
ALTER TABLE `response_daily` ADD `frt_ms_list` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `response_daily` ADD `generation` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `response_daily_key_uq` ON `response_daily` (`generation`,`day`,`assignee_id`,`channel_id`);