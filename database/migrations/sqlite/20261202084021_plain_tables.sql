-- Tables that are not ent types: ent's diff leaves them alone (it never
-- drops a table), so their changes are written here by hand.

-- The counters the plan-tree cache and Mitt ansvar's cache read (package
-- planversion): every write to a department's plans, and to what Mitt
-- ansvar reads besides them, bumps its row in the same transaction. A
-- department without a row is at version 0.
CREATE TABLE plan_versions (
	department_id BIGINT NOT NULL PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE follow_up_versions (
	department_id BIGINT NOT NULL PRIMARY KEY,
	version BIGINT NOT NULL DEFAULT 0
);

-- E-mail (package notify). notification_log's key is the exactly-once
-- guard: one row per person, kind and occasion (a digest's week, a
-- reminder's action and deadline), written in the transaction that
-- completes the job that sent it.
CREATE TABLE notification_log (
	user_id BIGINT NOT NULL,
	kind TEXT NOT NULL,
	occasion TEXT NOT NULL,
	department_id BIGINT NOT NULL,
	status TEXT NOT NULL,
	subject TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	at TEXT NOT NULL,
	PRIMARY KEY (user_id, kind, occasion)
);
CREATE INDEX notification_log_department_status ON notification_log (department_id, status, at);
-- Each person's choices, each department's digest hour, and the key that
-- signs unsubscribe links.
CREATE TABLE notification_prefs (
	user_id BIGINT PRIMARY KEY,
	digest TEXT NOT NULL DEFAULT 'weekly',
	reminders BOOLEAN NOT NULL DEFAULT TRUE,
	events BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE TABLE notification_settings (
	department_id BIGINT PRIMARY KEY,
	digest_weekday INTEGER NOT NULL,
	digest_hour INTEGER NOT NULL,
	reminder_days INTEGER NOT NULL
);
CREATE TABLE notification_keys (
	id INTEGER PRIMARY KEY,
	secret TEXT NOT NULL
);
-- The outbox of events to mail (package notify/outbox); its key makes an
-- event idempotent: the same change recorded twice is one mail.
CREATE TABLE notification_outbox (
	user_id BIGINT NOT NULL,
	occasion TEXT NOT NULL,
	department_id BIGINT NOT NULL,
	subject TEXT NOT NULL,
	lead_text TEXT NOT NULL,
	item TEXT NOT NULL DEFAULT '',
	plan_title TEXT NOT NULL DEFAULT '',
	path TEXT NOT NULL DEFAULT '',
	recorded_at BIGINT NOT NULL,
	PRIMARY KEY (user_id, occasion)
);
