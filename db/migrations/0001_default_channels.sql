-- The seven channels every team starts with (SPEC §1); teams may rename or add more.
INSERT OR IGNORE INTO `channels` (`key`, `name`, `sort_order`) VALUES
  ('alibaba', 'Alibaba.com', 1),
  ('made_in_china', 'Made-in-China', 2),
  ('website', 'Website', 3),
  ('email', 'E-mail', 4),
  ('trade_show', 'Trade show', 5),
  ('referral', 'Referral', 6),
  ('other', 'Other', 7);
