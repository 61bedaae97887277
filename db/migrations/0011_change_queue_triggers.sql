-- What the SLA job's pass must look at, written in the same transaction as the change itself.
CREATE TRIGGER `inquiries_sla_queue_insert` AFTER INSERT ON `inquiries`
BEGIN
  INSERT OR IGNORE INTO `sla_queue` (`inquiry_id`) VALUES (new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `inquiries_sla_queue_update` AFTER UPDATE OF `received_at`, `first_response_at`, `status`, `assignee_id`, `channel_id` ON `inquiries`
BEGIN
  INSERT OR IGNORE INTO `sla_queue` (`inquiry_id`) VALUES (new.`id`);
  -- The day it counted for until now is rebuilt too, whatever the writer stored since.
  INSERT OR IGNORE INTO `sla_queue_days` (`day`) SELECT old.`received_day` WHERE old.`received_day` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `inquiries_sla_queue_delete` AFTER DELETE ON `inquiries`
BEGIN
  DELETE FROM `sla_queue` WHERE `inquiry_id` = old.`id`;
  DELETE FROM `funnel_queue` WHERE `inquiry_id` = old.`id`;
  INSERT OR IGNORE INTO `sla_queue_days` (`day`) SELECT old.`received_day` WHERE old.`received_day` IS NOT NULL;
END;
--> statement-breakpoint
-- The funnel facts of an inquiry depend on its quotes, the orders linked to it or to its quotes,
-- and (for "repeat") every order of the customer of its first won order.
CREATE TRIGGER `quotes_funnel_queue_insert` AFTER INSERT ON `quotes`
BEGIN
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT new.`inquiry_id` WHERE new.`inquiry_id` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `quotes_funnel_queue_update` AFTER UPDATE ON `quotes`
BEGIN
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT new.`inquiry_id` WHERE new.`inquiry_id` IS NOT NULL;
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT old.`inquiry_id` WHERE old.`inquiry_id` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `quotes_funnel_queue_delete` AFTER DELETE ON `quotes`
BEGIN
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT old.`inquiry_id` WHERE old.`inquiry_id` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_funnel_queue_insert` AFTER INSERT ON `orders`
BEGIN
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT new.`inquiry_id` WHERE new.`inquiry_id` IS NOT NULL;
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT `inquiry_id` FROM `quotes` WHERE `id` = new.`quote_id` AND `inquiry_id` IS NOT NULL;
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT `id` FROM `inquiries` WHERE `won_customer_id` = new.`customer_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_funnel_queue_update` AFTER UPDATE ON `orders`
BEGIN
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT new.`inquiry_id` WHERE new.`inquiry_id` IS NOT NULL;
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT old.`inquiry_id` WHERE old.`inquiry_id` IS NOT NULL;
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT `inquiry_id` FROM `quotes` WHERE `id` IN (new.`quote_id`, old.`quote_id`) AND `inquiry_id` IS NOT NULL;
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT `id` FROM `inquiries` WHERE `won_customer_id` IN (new.`customer_id`, old.`customer_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `orders_funnel_queue_delete` AFTER DELETE ON `orders`
BEGIN
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT old.`inquiry_id` WHERE old.`inquiry_id` IS NOT NULL;
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT `inquiry_id` FROM `quotes` WHERE `id` = old.`quote_id` AND `inquiry_id` IS NOT NULL;
  INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`) SELECT `id` FROM `inquiries` WHERE `won_customer_id` = old.`customer_id`;
END;
--> statement-breakpoint
-- Existing data: every inquiry with a quote or a linked order gets its funnel facts at the SLA
-- job's next pass.
INSERT OR IGNORE INTO `funnel_queue` (`inquiry_id`)
SELECT `inquiry_id` FROM `quotes` WHERE `inquiry_id` IS NOT NULL
UNION SELECT `inquiry_id` FROM `orders` WHERE `inquiry_id` IS NOT NULL;
