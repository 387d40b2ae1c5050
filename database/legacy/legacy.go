// Package legacy brings a database made before versioned migrations to the
// schema of the baseline migration, from where database.Migrate takes it
// on. Releases up to 2026-12-02 created the schema at each start, adding
// tables, columns and indexes (ent's Schema.Create) and then running a list
// of idempotent upgrades; Upgrade does the same, against the tables as they
// were at the baseline (tables.go), so that it never needs to change again.
package legacy

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
)

// Upgrade adds what the older release's database lacks of the baseline
// schema. plainTables are the baseline's statements for the tables that are
// not ent types (its hand-written migration); each is run only where its
// table or index is missing.
func Upgrade(ctx context.Context, db *sql.DB, dialect string, plainTables []string) error {
	m, err := schema.NewMigrate(entsql.OpenDB(dialect, db))
	if err != nil {
		return err
	}
	if err := m.Create(ctx, Tables...); err != nil {
		return fmt.Errorf("add the baseline's tables, columns and indexes: %w", err)
	}
	for _, stmt := range plainTables {
		if _, err := db.ExecContext(ctx, ifNotExists(stmt)); err != nil {
			return fmt.Errorf("add a plain table: %w", err)
		}
	}
	for _, u := range upgrades {
		if _, err := db.ExecContext(ctx, u.sql); err != nil {
			return fmt.Errorf("upgrade (%s): %w", u.why, err)
		}
	}
	return nil
}

// ifNotExists makes a CREATE TABLE or CREATE INDEX statement skip what an
// older release already created.
func ifNotExists(stmt string) string {
	for _, create := range []string{"CREATE TABLE ", "CREATE INDEX ", "CREATE UNIQUE INDEX "} {
		if i := strings.Index(stmt, create); i >= 0 {
			return stmt[:i] + create + "IF NOT EXISTS " + stmt[i+len(create):]
		}
	}
	return stmt
}

// upgrades are the changes that adding tables, columns and indexes could not
// make, as the older releases ran them at every start.
var upgrades = []struct{ why, sql string }{
	{
		// Shared duties: a slot has one live sign-off per share (unit or
		// person), so the older index over (action_id, slot) must go; its
		// successor, with share, was created above.
		why: "one live sign-off per share",
		sql: `DROP INDEX IF EXISTS signoff_action_id_slot`,
	},
	{
		// Sign-offs made before duties were shared name no unit. Give each
		// its signer's unit when the signer manages exactly one, so that a
		// duty later shared by unit keeps counting them for that unit.
		why: "sign-offs count for their signer's unit",
		sql: `UPDATE sign_offs SET unit_id = (
			SELECT MIN(u.id) FROM units u WHERE u.manager_id = sign_offs.signer_id AND u.department_id = sign_offs.department_id
		) WHERE unit_id IS NULL AND share = '' AND (
			SELECT COUNT(*) FROM units u WHERE u.manager_id = sign_offs.signer_id AND u.department_id = sign_offs.department_id
		) = 1`,
	},
}
