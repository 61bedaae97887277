-- The funnel's stage counts per day and channel alone (see funnelDailyChannels in db/schema.ts),
-- filled from funnel_daily and kept in step with every insert, update and delete of an inquiry.
CREATE TABLE `funnel_daily_channels` (
	`day` text NOT NULL,
	`channel_id` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`responded` integer DEFAULT 0 NOT NULL,
	`quoted` integer DEFAULT 0 NOT NULL,
	`won` integer DEFAULT 0 NOT NULL,
	`repeated` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `channel_id`)
);
--> statement-breakpoint
INSERT INTO `funnel_daily_channels` (`day`, `channel_id`, `received`, `responded`, `quoted`, `won`, `repeated`)
SELECT `day`, `channel_id`, sum(`received`), sum(`responded`), sum(`quoted`), sum(`won`), sum(`repeated`)
  FROM `funnel_daily` GROUP BY `day`, `channel_id`;
--> statement-breakpoint
CREATE TRIGGER `inquiries_funnel_channels_insert` AFTER INSERT ON `inquiries`
WHEN new.`status` <> 'spam' AND new.`received_day` IS NOT NULL
BEGIN
  INSERT INTO `funnel_daily_channels` (`day`, `channel_id`, `received`, `responded`, `quoted`, `won`, `repeated`)
  VALUES (new.`received_day`, new.`channel_id`, 1, new.`first_response_at` IS NOT NULL, new.`funnel_quoted`, new.`won_at` IS NOT NULL, new.`funnel_repeat`)
  ON CONFLICT (`day`, `channel_id`) DO UPDATE SET
    `received` = `received` + 1, `responded` = `responded` + excluded.`responded`, `quoted` = `quoted` + excluded.`quoted`,
    `won` = `won` + excluded.`won`, `repeated` = `repeated` + excluded.`repeated`;
END;
--> statement-breakpoint
CREATE TRIGGER `inquiries_funnel_channels_delete` AFTER DELETE ON `inquiries`
WHEN old.`status` <> 'spam' AND old.`received_day` IS NOT NULL
BEGIN
  UPDATE `funnel_daily_channels` SET
    `received` = `received` - 1, `responded` = `responded` - (old.`first_response_at` IS NOT NULL), `quoted` = `quoted` - old.`funnel_quoted`,
    `won` = `won` - (old.`won_at` IS NOT NULL), `repeated` = `repeated` - old.`funnel_repeat`
  WHERE `day` = old.`received_day` AND `channel_id` = old.`channel_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `inquiries_funnel_channels_update_old` AFTER UPDATE OF `status`, `received_day`, `channel_id`, `first_response_at`, `funnel_quoted`, `won_at`, `funnel_repeat` ON `inquiries`
WHEN (old.`status` <> 'spam' AND old.`received_day` IS NOT NULL) AND (old.`status` IS NOT new.`status` OR old.`received_day` IS NOT new.`received_day` OR old.`channel_id` IS NOT new.`channel_id` OR (old.`first_response_at` IS NULL) <> (new.`first_response_at` IS NULL) OR old.`funnel_quoted` IS NOT new.`funnel_quoted` OR (old.`won_at` IS NULL) <> (new.`won_at` IS NULL) OR old.`funnel_repeat` IS NOT new.`funnel_repeat`)
BEGIN
  UPDATE `funnel_daily_channels` SET
    `received` = `received` - 1, `responded` = `responded` - (old.`first_response_at` IS NOT NULL), `quoted` = `quoted` - old.`funnel_quoted`,
    `won` = `won` - (old.`won_at` IS NOT NULL), `repeated` = `repeated` - old.`funnel_repeat`
  WHERE `day` = old.`received_day` AND `channel_id` = old.`channel_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `inquiries_funnel_channels_update_new` AFTER UPDATE OF `status`, `received_day`, `channel_id`, `first_response_at`, `funnel_quoted`, `won_at`, `funnel_repeat` ON `inquiries`
WHEN (new.`status` <> 'spam' AND new.`received_day` IS NOT NULL) AND (old.`status` IS NOT new.`status` OR old.`received_day` IS NOT new.`received_day` OR old.`channel_id` IS NOT new.`channel_id` OR (old.`first_response_at` IS NULL) <> (new.`first_response_at` IS NULL) OR old.`funnel_quoted` IS NOT new.`funnel_quoted` OR (old.`won_at` IS NULL) <> (new.`won_at` IS NULL) OR old.`funnel_repeat` IS NOT new.`funnel_repeat`)
BEGIN
  INSERT INTO `funnel_daily_channels` (`day`, `channel_id`, `received`, `responded`, `quoted`, `won`, `repeated`)
  VALUES (new.`received_day`, new.`channel_id`, 1, new.`first_response_at` IS NOT NULL, new.`funnel_quoted`, new.`won_at` IS NOT NULL, new.`funnel_repeat`)
  ON CONFLICT (`day`, `channel_id`) DO UPDATE SET
    `received` = `received` + 1, `responded` = `responded` + excluded.`responded`, `quoted` = `quoted` + excluded.`quoted`,
    `won` = `won` + excluded.`won`, `repeated` = `repeated` + excluded.`repeated`;
END;
