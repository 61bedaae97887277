CREATE TABLE `funnel_queue` (
	`inquiry_id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sla_queue` (
	`inquiry_id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sla_queue_days` (
	`day` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE `inquiries` ADD `funnel_quoted` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `inquiries` ADD `won_at` integer;--> statement-breakpoint
ALTER TABLE `inquiries` ADD `won_customer_id` integer;--> statement-breakpoint
ALTER TABLE `inquiries` ADD `funnel_repeat` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `inquiries_funnel_idx` ON `inquiries` (`received_at`,`status`,`channel_id`,`assignee_id`,`first_response_at`,`funnel_quoted`,`won_at`,`funnel_repeat`);--> statement-breakpoint
CREATE INDEX `inquiries_won_customer_idx` ON `inquiries` (`won_customer_id`) WHERE "inquiries"."won_customer_id" is not null;