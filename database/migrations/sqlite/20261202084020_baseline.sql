-- Create "actions" table
CREATE TABLE `actions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `number` integer NULL, `position` integer NOT NULL, `text` text NOT NULL, `deadline_kind` text NOT NULL, `due_month` text NULL, `due_date` text NULL, `scope` text NOT NULL DEFAULT ('once'), `rule` text NULL, `department_id` integer NOT NULL, `parent_id` integer NULL, `responsible_id` integer NOT NULL, `report_back_of_id` integer NULL, `assignee_id` integer NULL, `area_id` integer NOT NULL, CONSTRAINT `actions_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `actions_actions_sub_actions` FOREIGN KEY (`parent_id`) REFERENCES `actions` (`id`) ON DELETE CASCADE, CONSTRAINT `actions_roles_responsible` FOREIGN KEY (`responsible_id`) REFERENCES `roles` (`id`) ON DELETE NO ACTION, CONSTRAINT `actions_actions_report_backs` FOREIGN KEY (`report_back_of_id`) REFERENCES `actions` (`id`) ON DELETE CASCADE, CONSTRAINT `actions_users_assignee` FOREIGN KEY (`assignee_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `actions_areas_actions` FOREIGN KEY (`area_id`) REFERENCES `areas` (`id`) ON DELETE CASCADE);
-- Create index "action_department_id" to table: "actions"
CREATE INDEX `action_department_id` ON `actions` (`department_id`);
-- Create index "action_responsible_id_deadline_kind" to table: "actions"
CREATE INDEX `action_responsible_id_deadline_kind` ON `actions` (`responsible_id`, `deadline_kind`);
-- Create index "action_area_id_position" to table: "actions"
CREATE INDEX `action_area_id_position` ON `actions` (`area_id`, `position`);
-- Create index "action_parent_id" to table: "actions"
CREATE INDEX `action_parent_id` ON `actions` (`parent_id`);
-- Create index "action_report_back_of_id" to table: "actions"
CREATE INDEX `action_report_back_of_id` ON `actions` (`report_back_of_id`);
-- Create index "action_assignee_id" to table: "actions"
CREATE INDEX `action_assignee_id` ON `actions` (`assignee_id`);
-- Create index "action_area_id_number" to table: "actions"
CREATE UNIQUE INDEX `action_area_id_number` ON `actions` (`area_id`, `number`);
-- Create "areas" table
CREATE TABLE `areas` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `position` integer NOT NULL, `title` text NOT NULL, `purpose` text NULL, `note` text NULL, `department_id` integer NOT NULL, `plan_id` integer NOT NULL, CONSTRAINT `areas_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `areas_plans_areas` FOREIGN KEY (`plan_id`) REFERENCES `plans` (`id`) ON DELETE CASCADE);
-- Set sequence for "areas" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("areas", 4294967296);
-- Create index "area_department_id" to table: "areas"
CREATE INDEX `area_department_id` ON `areas` (`department_id`);
-- Create index "area_plan_id_position" to table: "areas"
CREATE INDEX `area_plan_id_position` ON `areas` (`plan_id`, `position`);
-- Create "audit_records" table
CREATE TABLE `audit_records` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `department_id` integer NULL, `actor_id` integer NULL, `actor` text NOT NULL, `entity_type` text NOT NULL, `entity_id` integer NOT NULL, `operation` text NOT NULL, `before` json NULL, `after` json NULL, `request_id` text NULL);
-- Set sequence for "audit_records" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_records", 25769803776);
-- Create index "auditrecord_department_id_at" to table: "audit_records"
CREATE INDEX `auditrecord_department_id_at` ON `audit_records` (`department_id`, `at`);
-- Create index "auditrecord_entity_type_entity_id" to table: "audit_records"
CREATE INDEX `auditrecord_entity_type_entity_id` ON `audit_records` (`entity_type`, `entity_id`);
-- Create index "auditrecord_actor_id_at" to table: "audit_records"
CREATE INDEX `auditrecord_actor_id_at` ON `audit_records` (`actor_id`, `at`);
-- Create "board_meetings" table
CREATE TABLE `board_meetings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `date` text NOT NULL, `note` text NULL, `department_id` integer NOT NULL, CONSTRAINT `board_meetings_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE);
-- Set sequence for "board_meetings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("board_meetings", 60129542144);
-- Create index "boardmeeting_department_id" to table: "board_meetings"
CREATE INDEX `boardmeeting_department_id` ON `board_meetings` (`department_id`);
-- Create index "boardmeeting_department_id_date" to table: "board_meetings"
CREATE INDEX `boardmeeting_department_id_date` ON `board_meetings` (`department_id`, `date`);
-- Create "board_visits" table
CREATE TABLE `board_visits` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `presenter` text NULL, `work` text NULL, `conditions` text NULL, `needs` text NULL, `held_on` text NULL, `meeting_id` integer NOT NULL, `department_id` integer NOT NULL, `operation_id` integer NOT NULL, `unit_id` integer NULL, `report_back_id` integer NULL, CONSTRAINT `board_visits_board_meetings_visit` FOREIGN KEY (`meeting_id`) REFERENCES `board_meetings` (`id`) ON DELETE CASCADE, CONSTRAINT `board_visits_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `board_visits_operations_operation` FOREIGN KEY (`operation_id`) REFERENCES `operations` (`id`) ON DELETE CASCADE, CONSTRAINT `board_visits_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL, CONSTRAINT `board_visits_actions_report_back` FOREIGN KEY (`report_back_id`) REFERENCES `actions` (`id`) ON DELETE SET NULL);
-- Set sequence for "board_visits" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("board_visits", 64424509440);
-- Create index "board_visits_meeting_id_key" to table: "board_visits"
CREATE UNIQUE INDEX `board_visits_meeting_id_key` ON `board_visits` (`meeting_id`);
-- Create index "boardvisit_department_id" to table: "board_visits"
CREATE INDEX `boardvisit_department_id` ON `board_visits` (`department_id`);
-- Create index "boardvisit_operation_id" to table: "board_visits"
CREATE INDEX `boardvisit_operation_id` ON `board_visits` (`operation_id`);
-- Create "calendar_feeds" table
CREATE TABLE `calendar_feeds` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `token_hash` blob NOT NULL, `created_at` datetime NOT NULL, `revoked_at` datetime NULL, `user_id` integer NOT NULL, CONSTRAINT `calendar_feeds_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Set sequence for "calendar_feeds" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("calendar_feeds", 47244640256);
-- Create index "calendar_feeds_token_hash_key" to table: "calendar_feeds"
CREATE UNIQUE INDEX `calendar_feeds_token_hash_key` ON `calendar_feeds` (`token_hash`);
-- Create "departments" table
CREATE TABLE `departments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `slug` text NOT NULL, `name` text NOT NULL, `municipality` text NOT NULL, `workshop_minimums` json NULL, `study_visit_report_back_until` text NULL);
-- Set sequence for "departments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("departments", 8589934592);
-- Create index "departments_slug_key" to table: "departments"
CREATE UNIQUE INDEX `departments_slug_key` ON `departments` (`slug`);
-- Create "evidences" table
CREATE TABLE `evidences` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `content_type` text NOT NULL, `size` integer NOT NULL, `sha256` text NOT NULL, `content` blob NOT NULL, `created_at` datetime NOT NULL, `department_id` integer NOT NULL, `uploader_id` integer NOT NULL, CONSTRAINT `evidences_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `evidences_users_uploader` FOREIGN KEY (`uploader_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Set sequence for "evidences" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("evidences", 51539607552);
-- Create index "evidence_department_id" to table: "evidences"
CREATE INDEX `evidence_department_id` ON `evidences` (`department_id`);
-- Create index "evidence_uploader_id_created_at" to table: "evidences"
CREATE INDEX `evidence_uploader_id_created_at` ON `evidences` (`uploader_id`, `created_at`);
-- Create "group_mappings" table
CREATE TABLE `group_mappings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `value` text NOT NULL, `department_id` integer NOT NULL, `role_id` integer NOT NULL, `operation_area_id` integer NULL, CONSTRAINT `group_mappings_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `group_mappings_roles_role` FOREIGN KEY (`role_id`) REFERENCES `roles` (`id`) ON DELETE CASCADE, CONSTRAINT `group_mappings_operation_areas_operation_area` FOREIGN KEY (`operation_area_id`) REFERENCES `operation_areas` (`id`) ON DELETE CASCADE);
-- Set sequence for "group_mappings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("group_mappings", 98784247808);
-- Create index "groupmapping_department_id" to table: "group_mappings"
CREATE INDEX `groupmapping_department_id` ON `group_mappings` (`department_id`);
-- Create index "groupmapping_department_id_value_role_id" to table: "group_mappings"
CREATE UNIQUE INDEX `groupmapping_department_id_value_role_id` ON `group_mappings` (`department_id`, `value`, `role_id`);
-- Create "login_attempts" table
CREATE TABLE `login_attempts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `state_hash` blob NOT NULL, `nonce` text NOT NULL, `pkce_verifier` text NOT NULL, `return_to` text NOT NULL, `expires_at` datetime NOT NULL);
-- Set sequence for "login_attempts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("login_attempts", 30064771072);
-- Create index "login_attempts_state_hash_key" to table: "login_attempts"
CREATE UNIQUE INDEX `login_attempts_state_hash_key` ON `login_attempts` (`state_hash`);
-- Create index "loginattempt_expires_at" to table: "login_attempts"
CREATE INDEX `loginattempt_expires_at` ON `login_attempts` (`expires_at`);
-- Create "operations" table
CREATE TABLE `operations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `department_id` integer NOT NULL, `operation_area_id` integer NULL, CONSTRAINT `operations_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `operations_operation_areas_operation_area` FOREIGN KEY (`operation_area_id`) REFERENCES `operation_areas` (`id`) ON DELETE SET NULL);
-- Set sequence for "operations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("operations", 68719476736);
-- Create index "operation_department_id" to table: "operations"
CREATE INDEX `operation_department_id` ON `operations` (`department_id`);
-- Create index "operation_department_id_name" to table: "operations"
CREATE UNIQUE INDEX `operation_department_id_name` ON `operations` (`department_id`, `name`);
-- Create "operation_areas" table
CREATE TABLE `operation_areas` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `position` integer NOT NULL DEFAULT (0), `department_id` integer NOT NULL, CONSTRAINT `operation_areas_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE);
-- Set sequence for "operation_areas" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("operation_areas", 12884901888);
-- Create index "operationarea_department_id" to table: "operation_areas"
CREATE INDEX `operationarea_department_id` ON `operation_areas` (`department_id`);
-- Create index "operationarea_department_id_code" to table: "operation_areas"
CREATE UNIQUE INDEX `operationarea_department_id_code` ON `operation_areas` (`department_id`, `code`);
-- Create "plans" table
CREATE TABLE `plans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `registry_number` text NOT NULL, `date` text NULL, `adopted_by` text NULL, `adopted_at` text NULL, `adopted_paragraph` text NULL, `revisions` json NULL, `background` text NULL, `completed_activities` json NULL, `follow_up_cadence` text NOT NULL DEFAULT ('term'), `due_soon_days` integer NOT NULL DEFAULT (14), `status` text NOT NULL DEFAULT ('draft'), `department_id` integer NOT NULL, `owner_id` integer NOT NULL, `approved_by_id` integer NULL, CONSTRAINT `plans_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `plans_roles_owner` FOREIGN KEY (`owner_id`) REFERENCES `roles` (`id`) ON DELETE NO ACTION, CONSTRAINT `plans_roles_approved_by` FOREIGN KEY (`approved_by_id`) REFERENCES `roles` (`id`) ON DELETE SET NULL);
-- Set sequence for "plans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("plans", 17179869184);
-- Create index "plan_department_id" to table: "plans"
CREATE INDEX `plan_department_id` ON `plans` (`department_id`);
-- Create index "plan_department_id_registry_number" to table: "plans"
CREATE UNIQUE INDEX `plan_department_id_registry_number` ON `plans` (`department_id`, `registry_number`);
-- Create "roles" table
CREATE TABLE `roles` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL DEFAULT ('position'), `aliases` json NULL, `edits_plans` bool NOT NULL DEFAULT (false), `administers` bool NOT NULL DEFAULT (false), `board_member` bool NOT NULL DEFAULT (false), `department_id` integer NOT NULL, CONSTRAINT `roles_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE);
-- Set sequence for "roles" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("roles", 21474836480);
-- Create index "role_department_id" to table: "roles"
CREATE INDEX `role_department_id` ON `roles` (`department_id`);
-- Create index "role_department_id_name" to table: "roles"
CREATE UNIQUE INDEX `role_department_id_name` ON `roles` (`department_id`, `name`);
-- Create "role_assignments" table
CREATE TABLE `role_assignments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `source` text NOT NULL, `department_id` integer NOT NULL, `user_id` integer NOT NULL, `role_id` integer NOT NULL, `operation_area_id` integer NULL, `unit_id` integer NULL, CONSTRAINT `role_assignments_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `role_assignments_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE, CONSTRAINT `role_assignments_roles_role` FOREIGN KEY (`role_id`) REFERENCES `roles` (`id`) ON DELETE CASCADE, CONSTRAINT `role_assignments_operation_areas_operation_area` FOREIGN KEY (`operation_area_id`) REFERENCES `operation_areas` (`id`) ON DELETE SET NULL, CONSTRAINT `role_assignments_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL);
-- Set sequence for "role_assignments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("role_assignments", 34359738368);
-- Create index "roleassignment_department_id" to table: "role_assignments"
CREATE INDEX `roleassignment_department_id` ON `role_assignments` (`department_id`);
-- Create index "roleassignment_user_id_role_id_source" to table: "role_assignments"
CREATE UNIQUE INDEX `roleassignment_user_id_role_id_source` ON `role_assignments` (`user_id`, `role_id`, `source`);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `token_hash` blob NOT NULL, `created_at` datetime NOT NULL, `last_seen_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `id_token` text NULL, `user_id` integer NOT NULL, CONSTRAINT `sessions_users_sessions` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Set sequence for "sessions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sessions", 38654705664);
-- Create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- Create index "session_expires_at" to table: "sessions"
CREATE INDEX `session_expires_at` ON `sessions` (`expires_at`);
-- Create "sign_offs" table
CREATE TABLE `sign_offs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `slot` text NOT NULL, `share` text NOT NULL DEFAULT (''), `period` text NULL, `done_on` text NOT NULL, `comment` text NULL, `evidence_link` text NULL, `on_behalf` bool NOT NULL DEFAULT (false), `idempotency_key` text NOT NULL, `created_at` datetime NOT NULL, `withdrawn_at` datetime NULL, `withdraw_reason` text NULL, `action_id` integer NOT NULL, `department_id` integer NOT NULL, `signer_id` integer NOT NULL, `withdrawn_by_id` integer NULL, `evidence_id` integer NULL, `unit_id` integer NULL, CONSTRAINT `sign_offs_actions_sign_offs` FOREIGN KEY (`action_id`) REFERENCES `actions` (`id`) ON DELETE CASCADE, CONSTRAINT `sign_offs_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `sign_offs_users_signer` FOREIGN KEY (`signer_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION, CONSTRAINT `sign_offs_users_withdrawn_by` FOREIGN KEY (`withdrawn_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `sign_offs_evidences_evidence` FOREIGN KEY (`evidence_id`) REFERENCES `evidences` (`id`) ON DELETE SET NULL, CONSTRAINT `sign_offs_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL);
-- Set sequence for "sign_offs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sign_offs", 55834574848);
-- Create index "signoff_department_id" to table: "sign_offs"
CREATE INDEX `signoff_department_id` ON `sign_offs` (`department_id`);
-- Create index "signoff_action_id_slot_share" to table: "sign_offs"
CREATE UNIQUE INDEX `signoff_action_id_slot_share` ON `sign_offs` (`action_id`, `slot`, `share`) WHERE withdrawn_at IS NULL;
-- Create index "signoff_signer_id_idempotency_key" to table: "sign_offs"
CREATE UNIQUE INDEX `signoff_signer_id_idempotency_key` ON `sign_offs` (`signer_id`, `idempotency_key`);
-- Create index "signoff_action_id_done_on_period_share_signer_id_unit_id" to table: "sign_offs"
CREATE INDEX `signoff_action_id_done_on_period_share_signer_id_unit_id` ON `sign_offs` (`action_id`, `done_on`, `period`, `share`, `signer_id`, `unit_id`) WHERE withdrawn_at IS NULL;
-- Create "study_visit_bookings" table
CREATE TABLE `study_visit_bookings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `seat` integer NOT NULL, `held_on` text NULL, `notes` text NULL, `department_id` integer NOT NULL, `slot_id` integer NOT NULL, `user_id` integer NOT NULL, `report_back_id` integer NULL, CONSTRAINT `study_visit_bookings_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `study_visit_bookings_study_visit_slots_slot` FOREIGN KEY (`slot_id`) REFERENCES `study_visit_slots` (`id`) ON DELETE CASCADE, CONSTRAINT `study_visit_bookings_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE, CONSTRAINT `study_visit_bookings_actions_report_back` FOREIGN KEY (`report_back_id`) REFERENCES `actions` (`id`) ON DELETE SET NULL);
-- Set sequence for "study_visit_bookings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("study_visit_bookings", 73014444032);
-- Create index "studyvisitbooking_department_id" to table: "study_visit_bookings"
CREATE INDEX `studyvisitbooking_department_id` ON `study_visit_bookings` (`department_id`);
-- Create index "studyvisitbooking_slot_id_seat" to table: "study_visit_bookings"
CREATE UNIQUE INDEX `studyvisitbooking_slot_id_seat` ON `study_visit_bookings` (`slot_id`, `seat`);
-- Create index "studyvisitbooking_slot_id_user_id" to table: "study_visit_bookings"
CREATE UNIQUE INDEX `studyvisitbooking_slot_id_user_id` ON `study_visit_bookings` (`slot_id`, `user_id`);
-- Create "study_visit_slots" table
CREATE TABLE `study_visit_slots` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `starts_at` datetime NOT NULL, `size` integer NOT NULL, `note` text NULL, `department_id` integer NOT NULL, `operation_id` integer NOT NULL, `unit_id` integer NULL, CONSTRAINT `study_visit_slots_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `study_visit_slots_operations_operation` FOREIGN KEY (`operation_id`) REFERENCES `operations` (`id`) ON DELETE CASCADE, CONSTRAINT `study_visit_slots_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL);
-- Set sequence for "study_visit_slots" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("study_visit_slots", 77309411328);
-- Create index "studyvisitslot_department_id" to table: "study_visit_slots"
CREATE INDEX `studyvisitslot_department_id` ON `study_visit_slots` (`department_id`);
-- Create index "studyvisitslot_department_id_starts_at" to table: "study_visit_slots"
CREATE INDEX `studyvisitslot_department_id_starts_at` ON `study_visit_slots` (`department_id`, `starts_at`);
-- Create "units" table
CREATE TABLE `units` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `department_id` integer NOT NULL, `operation_id` integer NOT NULL, `manager_id` integer NULL, CONSTRAINT `units_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `units_operations_operation` FOREIGN KEY (`operation_id`) REFERENCES `operations` (`id`) ON DELETE CASCADE, CONSTRAINT `units_users_manager` FOREIGN KEY (`manager_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Set sequence for "units" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("units", 81604378624);
-- Create index "unit_department_id" to table: "units"
CREATE INDEX `unit_department_id` ON `units` (`department_id`);
-- Create index "unit_operation_id_name" to table: "units"
CREATE UNIQUE INDEX `unit_operation_id_name` ON `units` (`operation_id`, `name`);
-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `issuer` text NOT NULL, `subject` text NOT NULL, `name` text NOT NULL DEFAULT (''), `email` text NOT NULL DEFAULT (''), `last_login_at` datetime NULL, `municipality_admin` bool NOT NULL DEFAULT (false), `municipality_admin_by_claim` bool NOT NULL DEFAULT (false));
-- Set sequence for "users" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("users", 42949672960);
-- Create index "user_issuer_subject" to table: "users"
CREATE UNIQUE INDEX `user_issuer_subject` ON `users` (`issuer`, `subject`);
-- Create index "user_email" to table: "users"
CREATE UNIQUE INDEX `user_email` ON `users` (`email`) WHERE issuer = '';
-- Create "workplace_meetings" table
CREATE TABLE `workplace_meetings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `date` text NOT NULL, `department_id` integer NOT NULL, `unit_id` integer NOT NULL, CONSTRAINT `workplace_meetings_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `workplace_meetings_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE CASCADE);
-- Set sequence for "workplace_meetings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("workplace_meetings", 85899345920);
-- Create index "workplacemeeting_department_id" to table: "workplace_meetings"
CREATE INDEX `workplacemeeting_department_id` ON `workplace_meetings` (`department_id`);
-- Create index "workplacemeeting_unit_id_date" to table: "workplace_meetings"
CREATE UNIQUE INDEX `workplacemeeting_unit_id_date` ON `workplace_meetings` (`unit_id`, `date`);
-- Create "workshops" table
CREATE TABLE `workshops` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `topic` text NOT NULL, `date` text NOT NULL, `place` text NULL, `capacity` integer NOT NULL, `registration_opens_at` datetime NOT NULL, `registration_closes_at` datetime NOT NULL, `minimums` json NOT NULL, `seed` integer NULL, `allocated_at` datetime NULL, `explanation` json NULL, `department_id` integer NOT NULL, CONSTRAINT `workshops_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE);
-- Set sequence for "workshops" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("workshops", 90194313216);
-- Create index "workshop_department_id" to table: "workshops"
CREATE INDEX `workshop_department_id` ON `workshops` (`department_id`);
-- Create index "workshop_department_id_date" to table: "workshops"
CREATE INDEX `workshop_department_id_date` ON `workshops` (`department_id`, `date`);
-- Create "workshop_registrations" table
CREATE TABLE `workshop_registrations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `cancelled_at` datetime NULL, `state` text NOT NULL DEFAULT ('registered'), `waitlist_position` integer NULL, `in_draw` bool NOT NULL DEFAULT (false), `attended_this_term` bool NOT NULL DEFAULT (false), `seat_reason` text NULL, `department_id` integer NOT NULL, `workshop_id` integer NOT NULL, `user_id` integer NOT NULL, `operation_area_id` integer NOT NULL, CONSTRAINT `workshop_registrations_departments_department` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE, CONSTRAINT `workshop_registrations_workshops_workshop` FOREIGN KEY (`workshop_id`) REFERENCES `workshops` (`id`) ON DELETE CASCADE, CONSTRAINT `workshop_registrations_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE, CONSTRAINT `workshop_registrations_operation_areas_operation_area` FOREIGN KEY (`operation_area_id`) REFERENCES `operation_areas` (`id`) ON DELETE NO ACTION);
-- Set sequence for "workshop_registrations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("workshop_registrations", 94489280512);
-- Create index "workshopregistration_department_id" to table: "workshop_registrations"
CREATE INDEX `workshopregistration_department_id` ON `workshop_registrations` (`department_id`);
-- Create index "workshopregistration_workshop_id_user_id" to table: "workshop_registrations"
CREATE UNIQUE INDEX `workshopregistration_workshop_id_user_id` ON `workshop_registrations` (`workshop_id`, `user_id`);
-- Create "role_members" table
CREATE TABLE `role_members` (`role_id` integer NOT NULL, `group_id` integer NOT NULL, PRIMARY KEY (`role_id`, `group_id`), CONSTRAINT `role_members_role_id` FOREIGN KEY (`role_id`) REFERENCES `roles` (`id`) ON DELETE CASCADE, CONSTRAINT `role_members_group_id` FOREIGN KEY (`group_id`) REFERENCES `roles` (`id`) ON DELETE CASCADE);
