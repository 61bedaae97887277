-- The funnel's revenue reads an order's status and base total from these indexes, not its row.
DROP INDEX `orders_inquiry_idx`;--> statement-breakpoint
DROP INDEX `orders_quote_idx`;--> statement-breakpoint
CREATE INDEX `orders_inquiry_idx` ON `orders` (`inquiry_id`,`status`,`total_base_minor`);--> statement-breakpoint
CREATE INDEX `orders_quote_idx` ON `orders` (`quote_id`,`status`,`total_base_minor`);