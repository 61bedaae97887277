DROP INDEX `inquiries_won_idx`;--> statement-breakpoint
ALTER TABLE `inquiries` ADD `won_revenue_minor` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `inquiries` ADD `won_order_shared` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `inquiries_won_idx` ON `inquiries` (`received_at`,`won_at`,`channel_id`,`assignee_id`,`won_order_shared`,`won_revenue_minor`) WHERE won_at is not null and status <> 'spam';--> statement-breakpoint
-- Existing data: every won inquiry gets its revenue and shared-order flag at the SLA job's next pass.
INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT `id` FROM `inquiries` WHERE `won_at` IS NOT NULL;
