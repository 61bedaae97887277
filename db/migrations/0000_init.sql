CREATE TABLE `agreed_prices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreed_prices_customer_product_uq` ON `agreed_prices` (`customer_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_uq` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`user_id` integer,
	`at` integer NOT NULL,
	`before` text,
	`after` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `channel_spend` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`month` text NOT NULL,
	`channel_id` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`fx_rate` text DEFAULT '1' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channel_spend_month_channel_uq` ON `channel_spend` (`month`,`channel_id`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_key_uq` ON `channels` (`key`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`phone` text,
	`title` text,
	`messaging_handle` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contacts_customer_idx` ON `contacts` (`customer_id`);--> statement-breakpoint
CREATE INDEX `contacts_email_nocase_idx` ON `contacts` ("email" collate nocase);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text,
	`name` text NOT NULL,
	`country` text,
	`industry` text,
	`website` text,
	`notes` text,
	`owner_id` integer,
	`source_channel_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`tier` text,
	`tier_reason` text,
	`tier_since` text,
	`recency_days` integer,
	`frequency` integer,
	`monetary_minor` integer,
	`rfm_recency_score` integer,
	`rfm_frequency_score` integer,
	`rfm_monetary_score` integer,
	`revenue_last_180_minor` integer,
	`revenue_prior_180_minor` integer,
	`first_order_at` integer,
	`last_order_at` integer,
	`orders_count` integer DEFAULT 0 NOT NULL,
	`revenue_12m_minor` integer DEFAULT 0 NOT NULL,
	`revenue_total_minor` integer DEFAULT 0 NOT NULL,
	`tiers_as_of` text,
	`p_alive` real,
	`expected_orders_365d` real,
	`expected_order_value_minor` integer,
	`predicted_clv_12m_minor` integer,
	`expected_next_purchase_on` text,
	`clv_as_of` text,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`source_channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_external_id_uq` ON `customers` (`external_id`);--> statement-breakpoint
CREATE INDEX `customers_name_nocase_idx` ON `customers` ("name" collate nocase);--> statement-breakpoint
CREATE INDEX `customers_owner_idx` ON `customers` (`owner_id`);--> statement-breakpoint
CREATE INDEX `customers_tier_idx` ON `customers` (`tier`);--> statement-breakpoint
CREATE INDEX `customers_country_idx` ON `customers` (`country`);--> statement-breakpoint
CREATE INDEX `customers_industry_idx` ON `customers` (`industry`);--> statement-breakpoint
CREATE INDEX `customers_revenue_12m_idx` ON `customers` (`revenue_12m_minor`);--> statement-breakpoint
CREATE INDEX `customers_last_order_idx` ON `customers` (`last_order_at`);--> statement-breakpoint
CREATE INDEX `customers_clv_idx` ON `customers` (`predicted_clv_12m_minor`);--> statement-breakpoint
CREATE TABLE `inquiries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`external_id` text,
	`customer_id` integer,
	`contact_id` integer,
	`product_id` integer,
	`quantity` integer,
	`subject` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`lost_reason` text,
	`assignee_id` integer,
	`received_at` integer NOT NULL,
	`first_response_at` integer,
	`first_responder_id` integer,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`frt_ms` integer,
	`business_frt_ms` integer,
	`in_business_hours` integer,
	`within_30s` integer,
	`within_24h` integer,
	`sla_status` text,
	`sla_computed_at` integer,
	`escalated_at` integer,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`first_responder_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inquiries_channel_external_uq` ON `inquiries` (`channel_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `inquiries_received_idx` ON `inquiries` (`received_at`);--> statement-breakpoint
CREATE INDEX `inquiries_status_received_idx` ON `inquiries` (`status`,`received_at`);--> statement-breakpoint
CREATE INDEX `inquiries_assignee_received_idx` ON `inquiries` (`assignee_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `inquiries_channel_received_idx` ON `inquiries` (`channel_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `inquiries_customer_idx` ON `inquiries` (`customer_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `inquiries_product_idx` ON `inquiries` (`product_id`);--> statement-breakpoint
CREATE INDEX `inquiries_updated_idx` ON `inquiries` (`updated_at`);--> statement-breakpoint
CREATE INDEX `inquiries_unanswered_idx` ON `inquiries` (`received_at`) WHERE "inquiries"."first_response_at" is null;--> statement-breakpoint
CREATE TABLE `job_leases` (
	`job` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`run_id` integer,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`as_of` text NOT NULL,
	`trigger` text DEFAULT 'schedule' NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`figures` text,
	`error` text,
	`holder` text
);
--> statement-breakpoint
CREATE INDEX `job_runs_job_started_idx` ON `job_runs` (`job`,`started_at`);--> statement-breakpoint
CREATE INDEX `job_runs_status_idx` ON `job_runs` (`status`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`inquiry_id` integer NOT NULL,
	`direction` text NOT NULL,
	`author_id` integer,
	`body` text NOT NULL,
	`sent_at` integer NOT NULL,
	`is_auto_reply` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `messages_inquiry_sent_idx` ON `messages` (`inquiry_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`position` integer NOT NULL,
	`product_id` integer,
	`description` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_minor` integer NOT NULL,
	`discount_bps` integer DEFAULT 0 NOT NULL,
	`line_total_minor` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `order_lines_order_idx` ON `order_lines` (`order_id`,`position`);--> statement-breakpoint
CREATE INDEX `order_lines_product_idx` ON `order_lines` (`product_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`external_id` text,
	`customer_id` integer NOT NULL,
	`quote_id` integer,
	`inquiry_id` integer,
	`currency` text NOT NULL,
	`fx_rate` text DEFAULT '1' NOT NULL,
	`discount_bps` integer DEFAULT 0 NOT NULL,
	`total_minor` integer NOT NULL,
	`total_base_minor` integer NOT NULL,
	`ordered_at` integer NOT NULL,
	`status` text DEFAULT 'confirmed' NOT NULL,
	`cancel_reason` text,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_number_uq` ON `orders` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_external_id_uq` ON `orders` (`external_id`);--> statement-breakpoint
CREATE INDEX `orders_customer_ordered_idx` ON `orders` (`customer_id`,`ordered_at`);--> statement-breakpoint
CREATE INDEX `orders_ordered_idx` ON `orders` (`ordered_at`);--> statement-breakpoint
CREATE INDEX `orders_status_ordered_idx` ON `orders` (`status`,`ordered_at`);--> statement-breakpoint
CREATE INDEX `orders_inquiry_idx` ON `orders` (`inquiry_id`);--> statement-breakpoint
CREATE INDEX `orders_quote_idx` ON `orders` (`quote_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`category` text,
	`list_price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_uq` ON `products` (`sku`);--> statement-breakpoint
CREATE INDEX `products_category_idx` ON `products` (`category`);--> statement-breakpoint
CREATE TABLE `quote_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`quote_id` integer NOT NULL,
	`position` integer NOT NULL,
	`product_id` integer,
	`description` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_minor` integer NOT NULL,
	`discount_bps` integer DEFAULT 0 NOT NULL,
	`line_total_minor` integer NOT NULL,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `quote_lines_quote_idx` ON `quote_lines` (`quote_id`,`position`);--> statement-breakpoint
CREATE TABLE `quotes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`customer_id` integer NOT NULL,
	`inquiry_id` integer,
	`currency` text NOT NULL,
	`discount_bps` integer DEFAULT 0 NOT NULL,
	`subtotal_minor` integer DEFAULT 0 NOT NULL,
	`discount_minor` integer DEFAULT 0 NOT NULL,
	`total_minor` integer DEFAULT 0 NOT NULL,
	`valid_until` text,
	`notes` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`sent_at` integer,
	`decided_at` integer,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_number_uq` ON `quotes` (`number`);--> statement-breakpoint
CREATE INDEX `quotes_customer_idx` ON `quotes` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `quotes_inquiry_idx` ON `quotes` (`inquiry_id`);--> statement-breakpoint
CREATE INDEX `quotes_status_idx` ON `quotes` (`status`,`valid_until`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`customer_id` integer,
	`inquiry_id` integer,
	`owner_id` integer,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`snoozed_until` integer,
	`reason` text NOT NULL,
	`outcome` text,
	`cycle_key` text NOT NULL,
	`priority` real,
	`closed_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`inquiry_id`) REFERENCES `inquiries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_cycle_uq` ON `reminders` (`kind`,`customer_id`,`inquiry_id`,`cycle_key`);--> statement-breakpoint
CREATE INDEX `reminders_owner_status_due_idx` ON `reminders` (`owner_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `reminders_status_due_idx` ON `reminders` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `reminders_customer_idx` ON `reminders` (`customer_id`);--> statement-breakpoint
CREATE TABLE `reply_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`locale` text NOT NULL,
	`body` text NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `reply_templates_locale_idx` ON `reply_templates` (`locale`,`name`);--> statement-breakpoint
CREATE TABLE `response_daily` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`day` text NOT NULL,
	`assignee_id` integer DEFAULT 0 NOT NULL,
	`channel_id` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`counted` integer DEFAULT 0 NOT NULL,
	`in_hours_counted` integer DEFAULT 0 NOT NULL,
	`in_hours_pending` integer DEFAULT 0 NOT NULL,
	`within_30s` integer DEFAULT 0 NOT NULL,
	`pending_24h` integer DEFAULT 0 NOT NULL,
	`within_24h` integer DEFAULT 0 NOT NULL,
	`answered` integer DEFAULT 0 NOT NULL,
	`frt_sum_ms` integer DEFAULT 0 NOT NULL,
	`sla_hit` integer DEFAULT 0 NOT NULL,
	`sla_missed` integer DEFAULT 0 NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `response_daily_key_uq` ON `response_daily` (`day`,`assignee_id`,`channel_id`);--> statement-breakpoint
CREATE INDEX `response_daily_assignee_idx` ON `response_daily` (`assignee_id`,`day`);--> statement-breakpoint
CREATE INDEX `response_daily_channel_idx` ON `response_daily` (`channel_id`,`day`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`expires_at` integer NOT NULL,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_by_id` integer,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `sign_in_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_email_at_idx` ON `sign_in_failures` (`email`,`at`);--> statement-breakpoint
CREATE TABLE `tier_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`from_tier` text,
	`to_tier` text NOT NULL,
	`changed_on` text NOT NULL,
	`reason` text NOT NULL,
	`job_run_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tier_history_customer_idx` ON `tier_history` (`customer_id`,`changed_on`);--> statement-breakpoint
CREATE INDEX `tier_history_changed_idx` ON `tier_history` (`changed_on`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`locale` text DEFAULT 'en' NOT NULL,
	`password_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`on_duty` integer DEFAULT false NOT NULL,
	`last_assigned_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`,`active`);