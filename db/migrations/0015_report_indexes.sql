-- Indexes the tier and CLV reports read their figures from alone (see db/schema.ts).
DROP INDEX `customers_tier_idx`;--> statement-breakpoint
CREATE INDEX `customers_tier_revenue_idx` ON `customers` (`tier`,`revenue_12m_minor`);--> statement-breakpoint
CREATE INDEX `customers_first_order_idx` ON `customers` (`first_order_at`);--> statement-breakpoint
CREATE INDEX `customers_tiers_as_of_idx` ON `customers` (`tiers_as_of`);--> statement-breakpoint
CREATE INDEX `customers_clv_figures_idx` ON `customers` (`tier`,`source_channel_id`,`predicted_clv_12m_minor`,`revenue_total_minor`,`first_order_at`) WHERE predicted_clv_12m_minor is not null;--> statement-breakpoint
CREATE INDEX `customers_clv_plot_idx` ON `customers` (max(`predicted_clv_12m_minor`, `revenue_total_minor`) desc,`id`) WHERE predicted_clv_12m_minor is not null;--> statement-breakpoint
DROP INDEX `tier_history_changed_idx`;--> statement-breakpoint
CREATE INDEX `tier_history_moves_idx` ON `tier_history` (`changed_on`,`from_tier`,`to_tier`);