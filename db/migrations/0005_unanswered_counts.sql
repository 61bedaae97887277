-- Counted inquiries waiting for a first response, per assignee (0 = unassigned), kept in step with
-- every insert, update and delete of an inquiry (statuses spam and lost are not waiting).
INSERT INTO `unanswered_counts` (`assignee_id`, `count`)
SELECT coalesce(`assignee_id`, 0), count(*) FROM `inquiries`
WHERE `first_response_at` IS NULL AND `status` NOT IN ('spam', 'lost')
GROUP BY coalesce(`assignee_id`, 0);
--> statement-breakpoint
CREATE TRIGGER `inquiries_unanswered_insert` AFTER INSERT ON `inquiries`
WHEN new.`first_response_at` IS NULL AND new.`status` NOT IN ('spam', 'lost')
BEGIN
  INSERT INTO `unanswered_counts` (`assignee_id`, `count`) VALUES (coalesce(new.`assignee_id`, 0), 1)
  ON CONFLICT (`assignee_id`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `inquiries_unanswered_delete` AFTER DELETE ON `inquiries`
WHEN old.`first_response_at` IS NULL AND old.`status` NOT IN ('spam', 'lost')
BEGIN
  UPDATE `unanswered_counts` SET `count` = `count` - 1 WHERE `assignee_id` = coalesce(old.`assignee_id`, 0);
END;
--> statement-breakpoint
CREATE TRIGGER `inquiries_unanswered_update_old` AFTER UPDATE OF `first_response_at`, `status`, `assignee_id` ON `inquiries`
WHEN old.`first_response_at` IS NULL AND old.`status` NOT IN ('spam', 'lost')
BEGIN
  UPDATE `unanswered_counts` SET `count` = `count` - 1 WHERE `assignee_id` = coalesce(old.`assignee_id`, 0);
END;
--> statement-breakpoint
CREATE TRIGGER `inquiries_unanswered_update_new` AFTER UPDATE OF `first_response_at`, `status`, `assignee_id` ON `inquiries`
WHEN new.`first_response_at` IS NULL AND new.`status` NOT IN ('spam', 'lost')
BEGIN
  INSERT INTO `unanswered_counts` (`assignee_id`, `count`) VALUES (coalesce(new.`assignee_id`, 0), 1)
  ON CONFLICT (`assignee_id`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
-- The roll-ups stored before FRT lists existed get theirs from the stored per-inquiry figures.
UPDATE `response_daily` SET `frt_ms_list` = coalesce((
  SELECT group_concat(i.`frt_ms`, ',' ORDER BY i.`frt_ms`) FROM `inquiries` i
  WHERE i.`received_day` = `response_daily`.`day`
    AND coalesce(i.`assignee_id`, 0) = `response_daily`.`assignee_id`
    AND i.`channel_id` = `response_daily`.`channel_id`
    AND i.`status` <> 'spam' AND i.`frt_ms` IS NOT NULL
), '');
