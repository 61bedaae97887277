ALTER TABLE `inquiries` ADD `received_day` text;--> statement-breakpoint
CREATE INDEX `inquiries_received_day_idx` ON `inquiries` (`received_day`,`assignee_id`,`channel_id`);