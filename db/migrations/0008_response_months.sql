CREATE TABLE `response_monthly` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`generation` integer DEFAULT 0 NOT NULL,
	`month` text NOT NULL,
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
	`frt_ms_list` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `response_monthly_key_uq` ON `response_monthly` (`generation`,`month`,`assignee_id`,`channel_id`);--> statement-breakpoint
CREATE INDEX `inquiries_unsettled_idx` ON `inquiries` (`received_at`) WHERE (first_response_at is null and status <> 'spam' and (within_24h is null or sla_status = 'pending'));--> statement-breakpoint
INSERT INTO `response_monthly` (`generation`, `month`, `assignee_id`, `channel_id`, `received`, `counted`, `in_hours_counted`, `in_hours_pending`, `within_30s`, `pending_24h`, `within_24h`, `answered`, `frt_sum_ms`, `sla_hit`, `sla_missed`, `frt_ms_list`)
SELECT `generation`, substr(`day`, 1, 7), `assignee_id`, `channel_id`, sum(`received`), sum(`counted`), sum(`in_hours_counted`), sum(`in_hours_pending`), sum(`within_30s`), sum(`pending_24h`), sum(`within_24h`), sum(`answered`), sum(`frt_sum_ms`), sum(`sla_hit`), sum(`sla_missed`), coalesce(group_concat(nullif(`frt_ms_list`, ''), ','), '')
FROM `response_daily`
GROUP BY `generation`, substr(`day`, 1, 7), `assignee_id`, `channel_id`;
