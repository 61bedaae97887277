CREATE TABLE `order_status_totals` (
	`status` text PRIMARY KEY NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	`base_minor` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Orders and their base-currency total per status, kept in step with every insert, update and
-- delete of an order (the order list reads them instead of counting the table).
INSERT INTO `order_status_totals` (`status`, `orders`, `base_minor`)
SELECT `status`, count(*), coalesce(sum(`total_base_minor`), 0) FROM `orders` GROUP BY `status`;
--> statement-breakpoint
CREATE TRIGGER `orders_status_totals_insert` AFTER INSERT ON `orders`
BEGIN
  INSERT INTO `order_status_totals` (`status`, `orders`, `base_minor`) VALUES (new.`status`, 1, new.`total_base_minor`)
  ON CONFLICT (`status`) DO UPDATE SET `orders` = `orders` + 1, `base_minor` = `base_minor` + excluded.`base_minor`;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_status_totals_delete` AFTER DELETE ON `orders`
BEGIN
  UPDATE `order_status_totals` SET `orders` = `orders` - 1, `base_minor` = `base_minor` - old.`total_base_minor`
  WHERE `status` = old.`status`;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_status_totals_update` AFTER UPDATE OF `status`, `total_base_minor` ON `orders`
WHEN old.`status` IS NOT new.`status` OR old.`total_base_minor` IS NOT new.`total_base_minor`
BEGIN
  UPDATE `order_status_totals` SET `orders` = `orders` - 1, `base_minor` = `base_minor` - old.`total_base_minor`
  WHERE `status` = old.`status`;
  INSERT INTO `order_status_totals` (`status`, `orders`, `base_minor`) VALUES (new.`status`, 1, new.`total_base_minor`)
  ON CONFLICT (`status`) DO UPDATE SET `orders` = `orders` + 1, `base_minor` = `base_minor` + excluded.`base_minor`;
END;
