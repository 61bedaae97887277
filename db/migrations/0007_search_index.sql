-- Full-text indexes for the inbox, customer and order searches (see app/domain/search.ts).
--
-- Why trigrams: they keep the meaning `LIKE '%text%'` had (a part of a word, an e-mail, an order
-- number, a Chinese word inside a company name with no spaces), and the tokenizer is SQLite's own,
-- so these triggers are plain SQL and every write path (forms, imports, the intake API, the
-- sqlite3 shell) keeps the index right. One- and two-character searches (华强, 螺丝), which FTS5
-- cannot match, read the terms that start with them from the fts5vocab table. The alternative
-- measured (100,000 inquiries), unicode61 over text with Chinese runs cut into bigrams, made an
-- index less than half this size and answered as fast, but it needs a JavaScript function in
-- every trigger (so no write outside the app's connection would keep it right) and loses the
-- match inside a word ("a_t" in Beta_Trading) and the literal % and _ the searches find today.
--
-- Each indexed value ends in two spaces so that every character, even the last, starts a term.
-- The tables keep their own copy of the text: a contentless table that still deletes by rowid
-- would be smaller, but needs SQLite 3.43, newer than the sqlite3 shell on our machines.
CREATE VIRTUAL TABLE `inquiries_search` USING fts5(subject, tokenize = 'trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE `inquiries_search_terms` USING fts5vocab(inquiries_search, instance);
--> statement-breakpoint
INSERT INTO `inquiries_search` (rowid, subject) SELECT id, subject || '  ' FROM `inquiries`;
--> statement-breakpoint
CREATE TRIGGER `inquiries_search_insert` AFTER INSERT ON `inquiries` BEGIN
  INSERT INTO `inquiries_search` (rowid, subject) VALUES (new.id, new.subject || '  ');
END;
--> statement-breakpoint
CREATE TRIGGER `inquiries_search_update` AFTER UPDATE OF id, subject ON `inquiries` BEGIN
  DELETE FROM `inquiries_search` WHERE rowid = old.id;
  INSERT INTO `inquiries_search` (rowid, subject) VALUES (new.id, new.subject || '  ');
END;
--> statement-breakpoint
CREATE TRIGGER `inquiries_search_delete` AFTER DELETE ON `inquiries` BEGIN
  DELETE FROM `inquiries_search` WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `customers_search` USING fts5(name, external_id, tokenize = 'trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE `customers_search_terms` USING fts5vocab(customers_search, instance);
--> statement-breakpoint
INSERT INTO `customers_search` (rowid, name, external_id) SELECT id, name || '  ', external_id || '  ' FROM `customers`;
--> statement-breakpoint
CREATE TRIGGER `customers_search_insert` AFTER INSERT ON `customers` BEGIN
  INSERT INTO `customers_search` (rowid, name, external_id) VALUES (new.id, new.name || '  ', new.external_id || '  ');
END;
--> statement-breakpoint
CREATE TRIGGER `customers_search_update` AFTER UPDATE OF id, name, external_id ON `customers` BEGIN
  DELETE FROM `customers_search` WHERE rowid = old.id;
  INSERT INTO `customers_search` (rowid, name, external_id) VALUES (new.id, new.name || '  ', new.external_id || '  ');
END;
--> statement-breakpoint
CREATE TRIGGER `customers_search_delete` AFTER DELETE ON `customers` BEGIN
  DELETE FROM `customers_search` WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `contacts_search` USING fts5(name, email, tokenize = 'trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE `contacts_search_terms` USING fts5vocab(contacts_search, instance);
--> statement-breakpoint
INSERT INTO `contacts_search` (rowid, name, email) SELECT id, name || '  ', email || '  ' FROM `contacts`;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO `contacts_search` (rowid, name, email) VALUES (new.id, new.name || '  ', new.email || '  ');
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_update` AFTER UPDATE OF id, name, email ON `contacts` BEGIN
  DELETE FROM `contacts_search` WHERE rowid = old.id;
  INSERT INTO `contacts_search` (rowid, name, email) VALUES (new.id, new.name || '  ', new.email || '  ');
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_delete` AFTER DELETE ON `contacts` BEGIN
  DELETE FROM `contacts_search` WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `orders_search` USING fts5(number, external_id, tokenize = 'trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE `orders_search_terms` USING fts5vocab(orders_search, instance);
--> statement-breakpoint
INSERT INTO `orders_search` (rowid, number, external_id) SELECT id, number || '  ', external_id || '  ' FROM `orders`;
--> statement-breakpoint
CREATE TRIGGER `orders_search_insert` AFTER INSERT ON `orders` BEGIN
  INSERT INTO `orders_search` (rowid, number, external_id) VALUES (new.id, new.number || '  ', new.external_id || '  ');
END;
--> statement-breakpoint
CREATE TRIGGER `orders_search_update` AFTER UPDATE OF id, number, external_id ON `orders` BEGIN
  DELETE FROM `orders_search` WHERE rowid = old.id;
  INSERT INTO `orders_search` (rowid, number, external_id) VALUES (new.id, new.number || '  ', new.external_id || '  ');
END;
--> statement-breakpoint
CREATE TRIGGER `orders_search_delete` AFTER DELETE ON `orders` BEGIN
  DELETE FROM `orders_search` WHERE rowid = old.id;
END;
