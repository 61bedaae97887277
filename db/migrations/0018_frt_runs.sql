ALTER TABLE `response_daily` ADD `frt_ms_run` blob DEFAULT x'' NOT NULL;--> statement-breakpoint
ALTER TABLE `response_monthly` ADD `frt_ms_run` blob DEFAULT x'' NOT NULL;--> statement-breakpoint
ALTER TABLE `response_daily` DROP COLUMN `frt_ms_list`;--> statement-breakpoint
ALTER TABLE `response_monthly` DROP COLUMN `frt_ms_list`;
