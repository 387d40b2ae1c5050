// The ent schema's tables as they were at the baseline migration
// (database/migrations/*/20261202084020_baseline.sql): a frozen copy of
// ent/migrate/schema.go at that commit, never to be regenerated or edited,
// so that a database of an older release arrives at the baseline however
// the ent schema changes after it.

package legacy

import (
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"
)

var (
	// ActionsColumns holds the columns for the "actions" table.
	ActionsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "number", Type: field.TypeInt, Nullable: true},
		{Name: "position", Type: field.TypeInt},
		{Name: "text", Type: field.TypeString, Size: 2147483647},
		{Name: "deadline_kind", Type: field.TypeEnum, Enums: []string{"month", "continuous", "when_needed", "date"}},
		{Name: "due_month", Type: field.TypeString, Nullable: true},
		{Name: "due_date", Type: field.TypeString, Nullable: true},
		{Name: "scope", Type: field.TypeEnum, Enums: []string{"once", "each_unit", "each_person"}, Default: "once"},
		{Name: "rule", Type: field.TypeEnum, Nullable: true, Enums: []string{"board_visit_report_back", "study_visit_report_back", "workshops"}},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "parent_id", Type: field.TypeInt, Nullable: true},
		{Name: "responsible_id", Type: field.TypeInt},
		{Name: "report_back_of_id", Type: field.TypeInt, Nullable: true},
		{Name: "assignee_id", Type: field.TypeInt, Nullable: true},
		{Name: "area_id", Type: field.TypeInt},
	}
	// ActionsTable holds the schema information for the "actions" table.
	ActionsTable = &schema.Table{
		Name:       "actions",
		Columns:    ActionsColumns,
		PrimaryKey: []*schema.Column{ActionsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "actions_departments_department",
				Columns:    []*schema.Column{ActionsColumns[11]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "actions_actions_sub_actions",
				Columns:    []*schema.Column{ActionsColumns[12]},
				RefColumns: []*schema.Column{ActionsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "actions_roles_responsible",
				Columns:    []*schema.Column{ActionsColumns[13]},
				RefColumns: []*schema.Column{RolesColumns[0]},
				OnDelete:   schema.NoAction,
			},
			{
				Symbol:     "actions_actions_report_backs",
				Columns:    []*schema.Column{ActionsColumns[14]},
				RefColumns: []*schema.Column{ActionsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "actions_users_assignee",
				Columns:    []*schema.Column{ActionsColumns[15]},
				RefColumns: []*schema.Column{UsersColumns[0]},
				OnDelete:   schema.SetNull,
			},
			{
				Symbol:     "actions_areas_actions",
				Columns:    []*schema.Column{ActionsColumns[16]},
				RefColumns: []*schema.Column{AreasColumns[0]},
				OnDelete:   schema.Cascade,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "action_department_id",
				Unique:  false,
				Columns: []*schema.Column{ActionsColumns[11]},
			},
			{
				Name:    "action_responsible_id_deadline_kind",
				Unique:  false,
				Columns: []*schema.Column{ActionsColumns[13], ActionsColumns[6]},
			},
			{
				Name:    "action_area_id_position",
				Unique:  false,
				Columns: []*schema.Column{ActionsColumns[16], ActionsColumns[4]},
			},
			{
				Name:    "action_parent_id",
				Unique:  false,
				Columns: []*schema.Column{ActionsColumns[12]},
			},
			{
				Name:    "action_report_back_of_id",
				Unique:  false,
				Columns: []*schema.Column{ActionsColumns[14]},
			},
			{
				Name:    "action_assignee_id",
				Unique:  false,
				Columns: []*schema.Column{ActionsColumns[15]},
			},
			{
				Name:    "action_area_id_number",
				Unique:  true,
				Columns: []*schema.Column{ActionsColumns[16], ActionsColumns[3]},
			},
		},
	}
	// AreasColumns holds the columns for the "areas" table.
	AreasColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "position", Type: field.TypeInt},
		{Name: "title", Type: field.TypeString, Size: 2147483647},
		{Name: "purpose", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "note", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "plan_id", Type: field.TypeInt},
	}
	// AreasTable holds the schema information for the "areas" table.
	AreasTable = &schema.Table{
		Name:       "areas",
		Columns:    AreasColumns,
		PrimaryKey: []*schema.Column{AreasColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "areas_departments_department",
				Columns:    []*schema.Column{AreasColumns[7]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "areas_plans_areas",
				Columns:    []*schema.Column{AreasColumns[8]},
				RefColumns: []*schema.Column{PlansColumns[0]},
				OnDelete:   schema.Cascade,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "area_department_id",
				Unique:  false,
				Columns: []*schema.Column{AreasColumns[7]},
			},
			{
				Name:    "area_plan_id_position",
				Unique:  false,
				Columns: []*schema.Column{AreasColumns[8], AreasColumns[3]},
			},
		},
	}
	// AuditRecordsColumns holds the columns for the "audit_records" table.
	AuditRecordsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "at", Type: field.TypeTime},
		{Name: "department_id", Type: field.TypeInt, Nullable: true},
		{Name: "actor_id", Type: field.TypeInt, Nullable: true},
		{Name: "actor", Type: field.TypeString},
		{Name: "entity_type", Type: field.TypeString},
		{Name: "entity_id", Type: field.TypeInt},
		{Name: "operation", Type: field.TypeEnum, Enums: []string{"create", "update", "delete", "download"}},
		{Name: "before", Type: field.TypeJSON, Nullable: true},
		{Name: "after", Type: field.TypeJSON, Nullable: true},
		{Name: "request_id", Type: field.TypeString, Nullable: true},
	}
	// AuditRecordsTable holds the schema information for the "audit_records" table.
	AuditRecordsTable = &schema.Table{
		Name:       "audit_records",
		Columns:    AuditRecordsColumns,
		PrimaryKey: []*schema.Column{AuditRecordsColumns[0]},
		Indexes: []*schema.Index{
			{
				Name:    "auditrecord_department_id_at",
				Unique:  false,
				Columns: []*schema.Column{AuditRecordsColumns[2], AuditRecordsColumns[1]},
			},
			{
				Name:    "auditrecord_entity_type_entity_id",
				Unique:  false,
				Columns: []*schema.Column{AuditRecordsColumns[5], AuditRecordsColumns[6]},
			},
			{
				Name:    "auditrecord_actor_id_at",
				Unique:  false,
				Columns: []*schema.Column{AuditRecordsColumns[3], AuditRecordsColumns[1]},
			},
		},
	}
	// BoardMeetingsColumns holds the columns for the "board_meetings" table.
	BoardMeetingsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "date", Type: field.TypeString},
		{Name: "note", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "department_id", Type: field.TypeInt},
	}
	// BoardMeetingsTable holds the schema information for the "board_meetings" table.
	BoardMeetingsTable = &schema.Table{
		Name:       "board_meetings",
		Columns:    BoardMeetingsColumns,
		PrimaryKey: []*schema.Column{BoardMeetingsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "board_meetings_departments_department",
				Columns:    []*schema.Column{BoardMeetingsColumns[5]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "boardmeeting_department_id",
				Unique:  false,
				Columns: []*schema.Column{BoardMeetingsColumns[5]},
			},
			{
				Name:    "boardmeeting_department_id_date",
				Unique:  false,
				Columns: []*schema.Column{BoardMeetingsColumns[5], BoardMeetingsColumns[3]},
			},
		},
	}
	// BoardVisitsColumns holds the columns for the "board_visits" table.
	BoardVisitsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "presenter", Type: field.TypeString, Nullable: true},
		{Name: "work", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "conditions", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "needs", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "held_on", Type: field.TypeString, Nullable: true},
		{Name: "meeting_id", Type: field.TypeInt, Unique: true},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "operation_id", Type: field.TypeInt},
		{Name: "unit_id", Type: field.TypeInt, Nullable: true},
		{Name: "report_back_id", Type: field.TypeInt, Nullable: true},
	}
	// BoardVisitsTable holds the schema information for the "board_visits" table.
	BoardVisitsTable = &schema.Table{
		Name:       "board_visits",
		Columns:    BoardVisitsColumns,
		PrimaryKey: []*schema.Column{BoardVisitsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "board_visits_board_meetings_visit",
				Columns:    []*schema.Column{BoardVisitsColumns[8]},
				RefColumns: []*schema.Column{BoardMeetingsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "board_visits_departments_department",
				Columns:    []*schema.Column{BoardVisitsColumns[9]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "board_visits_operations_operation",
				Columns:    []*schema.Column{BoardVisitsColumns[10]},
				RefColumns: []*schema.Column{OperationsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "board_visits_units_unit",
				Columns:    []*schema.Column{BoardVisitsColumns[11]},
				RefColumns: []*schema.Column{UnitsColumns[0]},
				OnDelete:   schema.SetNull,
			},
			{
				Symbol:     "board_visits_actions_report_back",
				Columns:    []*schema.Column{BoardVisitsColumns[12]},
				RefColumns: []*schema.Column{ActionsColumns[0]},
				OnDelete:   schema.SetNull,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "boardvisit_department_id",
				Unique:  false,
				Columns: []*schema.Column{BoardVisitsColumns[9]},
			},
			{
				Name:    "boardvisit_operation_id",
				Unique:  false,
				Columns: []*schema.Column{BoardVisitsColumns[10]},
			},
		},
	}
	// CalendarFeedsColumns holds the columns for the "calendar_feeds" table.
	CalendarFeedsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "token_hash", Type: field.TypeBytes, Unique: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "revoked_at", Type: field.TypeTime, Nullable: true},
		{Name: "user_id", Type: field.TypeInt},
	}
	// CalendarFeedsTable holds the schema information for the "calendar_feeds" table.
	CalendarFeedsTable = &schema.Table{
		Name:       "calendar_feeds",
		Columns:    CalendarFeedsColumns,
		PrimaryKey: []*schema.Column{CalendarFeedsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "calendar_feeds_users_user",
				Columns:    []*schema.Column{CalendarFeedsColumns[4]},
				RefColumns: []*schema.Column{UsersColumns[0]},
				OnDelete:   schema.NoAction,
			},
		},
	}
	// DepartmentsColumns holds the columns for the "departments" table.
	DepartmentsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "slug", Type: field.TypeString, Unique: true},
		{Name: "name", Type: field.TypeString},
		{Name: "municipality", Type: field.TypeString},
		{Name: "workshop_minimums", Type: field.TypeJSON, Nullable: true},
		{Name: "study_visit_report_back_until", Type: field.TypeString, Nullable: true},
	}
	// DepartmentsTable holds the schema information for the "departments" table.
	DepartmentsTable = &schema.Table{
		Name:       "departments",
		Columns:    DepartmentsColumns,
		PrimaryKey: []*schema.Column{DepartmentsColumns[0]},
	}
	// EvidencesColumns holds the columns for the "evidences" table.
	EvidencesColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "name", Type: field.TypeString},
		{Name: "content_type", Type: field.TypeString},
		{Name: "size", Type: field.TypeInt},
		{Name: "sha256", Type: field.TypeString},
		{Name: "content", Type: field.TypeBytes},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "uploader_id", Type: field.TypeInt},
	}
	// EvidencesTable holds the schema information for the "evidences" table.
	EvidencesTable = &schema.Table{
		Name:       "evidences",
		Columns:    EvidencesColumns,
		PrimaryKey: []*schema.Column{EvidencesColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "evidences_departments_department",
				Columns:    []*schema.Column{EvidencesColumns[7]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "evidences_users_uploader",
				Columns:    []*schema.Column{EvidencesColumns[8]},
				RefColumns: []*schema.Column{UsersColumns[0]},
				OnDelete:   schema.NoAction,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "evidence_department_id",
				Unique:  false,
				Columns: []*schema.Column{EvidencesColumns[7]},
			},
			{
				Name:    "evidence_uploader_id_created_at",
				Unique:  false,
				Columns: []*schema.Column{EvidencesColumns[8], EvidencesColumns[6]},
			},
		},
	}
	// GroupMappingsColumns holds the columns for the "group_mappings" table.
	GroupMappingsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "value", Type: field.TypeString},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "role_id", Type: field.TypeInt},
		{Name: "operation_area_id", Type: field.TypeInt, Nullable: true},
	}
	// GroupMappingsTable holds the schema information for the "group_mappings" table.
	GroupMappingsTable = &schema.Table{
		Name:       "group_mappings",
		Columns:    GroupMappingsColumns,
		PrimaryKey: []*schema.Column{GroupMappingsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "group_mappings_departments_department",
				Columns:    []*schema.Column{GroupMappingsColumns[4]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "group_mappings_roles_role",
				Columns:    []*schema.Column{GroupMappingsColumns[5]},
				RefColumns: []*schema.Column{RolesColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "group_mappings_operation_areas_operation_area",
				Columns:    []*schema.Column{GroupMappingsColumns[6]},
				RefColumns: []*schema.Column{OperationAreasColumns[0]},
				OnDelete:   schema.Cascade,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "groupmapping_department_id",
				Unique:  false,
				Columns: []*schema.Column{GroupMappingsColumns[4]},
			},
			{
				Name:    "groupmapping_department_id_value_role_id",
				Unique:  true,
				Columns: []*schema.Column{GroupMappingsColumns[4], GroupMappingsColumns[3], GroupMappingsColumns[5]},
			},
		},
	}
	// LoginAttemptsColumns holds the columns for the "login_attempts" table.
	LoginAttemptsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "state_hash", Type: field.TypeBytes, Unique: true},
		{Name: "nonce", Type: field.TypeString},
		{Name: "pkce_verifier", Type: field.TypeString},
		{Name: "return_to", Type: field.TypeString},
		{Name: "expires_at", Type: field.TypeTime},
	}
	// LoginAttemptsTable holds the schema information for the "login_attempts" table.
	LoginAttemptsTable = &schema.Table{
		Name:       "login_attempts",
		Columns:    LoginAttemptsColumns,
		PrimaryKey: []*schema.Column{LoginAttemptsColumns[0]},
		Indexes: []*schema.Index{
			{
				Name:    "loginattempt_expires_at",
				Unique:  false,
				Columns: []*schema.Column{LoginAttemptsColumns[5]},
			},
		},
	}
	// OperationsColumns holds the columns for the "operations" table.
	OperationsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "name", Type: field.TypeString},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "operation_area_id", Type: field.TypeInt, Nullable: true},
	}
	// OperationsTable holds the schema information for the "operations" table.
	OperationsTable = &schema.Table{
		Name:       "operations",
		Columns:    OperationsColumns,
		PrimaryKey: []*schema.Column{OperationsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "operations_departments_department",
				Columns:    []*schema.Column{OperationsColumns[4]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "operations_operation_areas_operation_area",
				Columns:    []*schema.Column{OperationsColumns[5]},
				RefColumns: []*schema.Column{OperationAreasColumns[0]},
				OnDelete:   schema.SetNull,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "operation_department_id",
				Unique:  false,
				Columns: []*schema.Column{OperationsColumns[4]},
			},
			{
				Name:    "operation_department_id_name",
				Unique:  true,
				Columns: []*schema.Column{OperationsColumns[4], OperationsColumns[3]},
			},
		},
	}
	// OperationAreasColumns holds the columns for the "operation_areas" table.
	OperationAreasColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "code", Type: field.TypeString},
		{Name: "name", Type: field.TypeString},
		{Name: "position", Type: field.TypeInt, Default: 0},
		{Name: "department_id", Type: field.TypeInt},
	}
	// OperationAreasTable holds the schema information for the "operation_areas" table.
	OperationAreasTable = &schema.Table{
		Name:       "operation_areas",
		Columns:    OperationAreasColumns,
		PrimaryKey: []*schema.Column{OperationAreasColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "operation_areas_departments_department",
				Columns:    []*schema.Column{OperationAreasColumns[6]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "operationarea_department_id",
				Unique:  false,
				Columns: []*schema.Column{OperationAreasColumns[6]},
			},
			{
				Name:    "operationarea_department_id_code",
				Unique:  true,
				Columns: []*schema.Column{OperationAreasColumns[6], OperationAreasColumns[3]},
			},
		},
	}
	// PlansColumns holds the columns for the "plans" table.
	PlansColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "title", Type: field.TypeString},
		{Name: "registry_number", Type: field.TypeString},
		{Name: "date", Type: field.TypeString, Nullable: true},
		{Name: "adopted_by", Type: field.TypeString, Nullable: true},
		{Name: "adopted_at", Type: field.TypeString, Nullable: true},
		{Name: "adopted_paragraph", Type: field.TypeString, Nullable: true},
		{Name: "revisions", Type: field.TypeJSON, Nullable: true},
		{Name: "background", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "completed_activities", Type: field.TypeJSON, Nullable: true},
		{Name: "follow_up_cadence", Type: field.TypeEnum, Enums: []string{"month", "quarter", "term", "year"}, Default: "term"},
		{Name: "due_soon_days", Type: field.TypeInt, Default: 14},
		{Name: "status", Type: field.TypeEnum, Enums: []string{"draft", "adopted", "archived"}, Default: "draft"},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "owner_id", Type: field.TypeInt},
		{Name: "approved_by_id", Type: field.TypeInt, Nullable: true},
	}
	// PlansTable holds the schema information for the "plans" table.
	PlansTable = &schema.Table{
		Name:       "plans",
		Columns:    PlansColumns,
		PrimaryKey: []*schema.Column{PlansColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "plans_departments_department",
				Columns:    []*schema.Column{PlansColumns[15]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "plans_roles_owner",
				Columns:    []*schema.Column{PlansColumns[16]},
				RefColumns: []*schema.Column{RolesColumns[0]},
				OnDelete:   schema.NoAction,
			},
			{
				Symbol:     "plans_roles_approved_by",
				Columns:    []*schema.Column{PlansColumns[17]},
				RefColumns: []*schema.Column{RolesColumns[0]},
				OnDelete:   schema.SetNull,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "plan_department_id",
				Unique:  false,
				Columns: []*schema.Column{PlansColumns[15]},
			},
			{
				Name:    "plan_department_id_registry_number",
				Unique:  true,
				Columns: []*schema.Column{PlansColumns[15], PlansColumns[4]},
			},
		},
	}
	// RolesColumns holds the columns for the "roles" table.
	RolesColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "name", Type: field.TypeString},
		{Name: "kind", Type: field.TypeEnum, Enums: []string{"position", "group"}, Default: "position"},
		{Name: "aliases", Type: field.TypeJSON, Nullable: true},
		{Name: "edits_plans", Type: field.TypeBool, Default: false},
		{Name: "administers", Type: field.TypeBool, Default: false},
		{Name: "board_member", Type: field.TypeBool, Default: false},
		{Name: "department_id", Type: field.TypeInt},
	}
	// RolesTable holds the schema information for the "roles" table.
	RolesTable = &schema.Table{
		Name:       "roles",
		Columns:    RolesColumns,
		PrimaryKey: []*schema.Column{RolesColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "roles_departments_department",
				Columns:    []*schema.Column{RolesColumns[9]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "role_department_id",
				Unique:  false,
				Columns: []*schema.Column{RolesColumns[9]},
			},
			{
				Name:    "role_department_id_name",
				Unique:  true,
				Columns: []*schema.Column{RolesColumns[9], RolesColumns[3]},
			},
		},
	}
	// RoleAssignmentsColumns holds the columns for the "role_assignments" table.
	RoleAssignmentsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "source", Type: field.TypeEnum, Enums: []string{"claim", "admin"}},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "user_id", Type: field.TypeInt},
		{Name: "role_id", Type: field.TypeInt},
		{Name: "operation_area_id", Type: field.TypeInt, Nullable: true},
		{Name: "unit_id", Type: field.TypeInt, Nullable: true},
	}
	// RoleAssignmentsTable holds the schema information for the "role_assignments" table.
	RoleAssignmentsTable = &schema.Table{
		Name:       "role_assignments",
		Columns:    RoleAssignmentsColumns,
		PrimaryKey: []*schema.Column{RoleAssignmentsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "role_assignments_departments_department",
				Columns:    []*schema.Column{RoleAssignmentsColumns[4]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "role_assignments_users_user",
				Columns:    []*schema.Column{RoleAssignmentsColumns[5]},
				RefColumns: []*schema.Column{UsersColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "role_assignments_roles_role",
				Columns:    []*schema.Column{RoleAssignmentsColumns[6]},
				RefColumns: []*schema.Column{RolesColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "role_assignments_operation_areas_operation_area",
				Columns:    []*schema.Column{RoleAssignmentsColumns[7]},
				RefColumns: []*schema.Column{OperationAreasColumns[0]},
				OnDelete:   schema.SetNull,
			},
			{
				Symbol:     "role_assignments_units_unit",
				Columns:    []*schema.Column{RoleAssignmentsColumns[8]},
				RefColumns: []*schema.Column{UnitsColumns[0]},
				OnDelete:   schema.SetNull,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "roleassignment_department_id",
				Unique:  false,
				Columns: []*schema.Column{RoleAssignmentsColumns[4]},
			},
			{
				Name:    "roleassignment_user_id_role_id_source",
				Unique:  true,
				Columns: []*schema.Column{RoleAssignmentsColumns[5], RoleAssignmentsColumns[6], RoleAssignmentsColumns[3]},
			},
		},
	}
	// SessionsColumns holds the columns for the "sessions" table.
	SessionsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "token_hash", Type: field.TypeBytes, Unique: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "last_seen_at", Type: field.TypeTime},
		{Name: "expires_at", Type: field.TypeTime},
		{Name: "id_token", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "user_id", Type: field.TypeInt},
	}
	// SessionsTable holds the schema information for the "sessions" table.
	SessionsTable = &schema.Table{
		Name:       "sessions",
		Columns:    SessionsColumns,
		PrimaryKey: []*schema.Column{SessionsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "sessions_users_sessions",
				Columns:    []*schema.Column{SessionsColumns[6]},
				RefColumns: []*schema.Column{UsersColumns[0]},
				OnDelete:   schema.Cascade,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "session_expires_at",
				Unique:  false,
				Columns: []*schema.Column{SessionsColumns[4]},
			},
		},
	}
	// SignOffsColumns holds the columns for the "sign_offs" table.
	SignOffsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "slot", Type: field.TypeString},
		{Name: "share", Type: field.TypeString, Default: ""},
		{Name: "period", Type: field.TypeString, Nullable: true},
		{Name: "done_on", Type: field.TypeString},
		{Name: "comment", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "evidence_link", Type: field.TypeString, Nullable: true},
		{Name: "on_behalf", Type: field.TypeBool, Default: false},
		{Name: "idempotency_key", Type: field.TypeString},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "withdrawn_at", Type: field.TypeTime, Nullable: true},
		{Name: "withdraw_reason", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "action_id", Type: field.TypeInt},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "signer_id", Type: field.TypeInt},
		{Name: "withdrawn_by_id", Type: field.TypeInt, Nullable: true},
		{Name: "evidence_id", Type: field.TypeInt, Nullable: true},
		{Name: "unit_id", Type: field.TypeInt, Nullable: true},
	}
	// SignOffsTable holds the schema information for the "sign_offs" table.
	SignOffsTable = &schema.Table{
		Name:       "sign_offs",
		Columns:    SignOffsColumns,
		PrimaryKey: []*schema.Column{SignOffsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "sign_offs_actions_sign_offs",
				Columns:    []*schema.Column{SignOffsColumns[12]},
				RefColumns: []*schema.Column{ActionsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "sign_offs_departments_department",
				Columns:    []*schema.Column{SignOffsColumns[13]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "sign_offs_users_signer",
				Columns:    []*schema.Column{SignOffsColumns[14]},
				RefColumns: []*schema.Column{UsersColumns[0]},
				OnDelete:   schema.NoAction,
			},
			{
				Symbol:     "sign_offs_users_withdrawn_by",
				Columns:    []*schema.Column{SignOffsColumns[15]},
				RefColumns: []*schema.Column{UsersColumns[0]},
				OnDelete:   schema.SetNull,
			},
			{
				Symbol:     "sign_offs_evidences_evidence",
				Columns:    []*schema.Column{SignOffsColumns[16]},
				RefColumns: []*schema.Column{EvidencesColumns[0]},
				OnDelete:   schema.SetNull,
			},
			{
				Symbol:     "sign_offs_units_unit",
				Columns:    []*schema.Column{SignOffsColumns[17]},
				RefColumns: []*schema.Column{UnitsColumns[0]},
				OnDelete:   schema.SetNull,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "signoff_department_id",
				Unique:  false,
				Columns: []*schema.Column{SignOffsColumns[13]},
			},
			{
				Name:    "signoff_action_id_slot_share",
				Unique:  true,
				Columns: []*schema.Column{SignOffsColumns[12], SignOffsColumns[1], SignOffsColumns[2]},
				Annotation: &entsql.IndexAnnotation{
					Where: "withdrawn_at IS NULL",
				},
			},
			{
				Name:    "signoff_signer_id_idempotency_key",
				Unique:  true,
				Columns: []*schema.Column{SignOffsColumns[14], SignOffsColumns[8]},
			},
			{
				Name:    "signoff_action_id_done_on_period_share_signer_id_unit_id",
				Unique:  false,
				Columns: []*schema.Column{SignOffsColumns[12], SignOffsColumns[4], SignOffsColumns[3], SignOffsColumns[2], SignOffsColumns[14], SignOffsColumns[17]},
				Annotation: &entsql.IndexAnnotation{
					Where: "withdrawn_at IS NULL",
				},
			},
		},
	}
	// StudyVisitBookingsColumns holds the columns for the "study_visit_bookings" table.
	StudyVisitBookingsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "seat", Type: field.TypeInt},
		{Name: "held_on", Type: field.TypeString, Nullable: true},
		{Name: "notes", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "slot_id", Type: field.TypeInt},
		{Name: "user_id", Type: field.TypeInt},
		{Name: "report_back_id", Type: field.TypeInt, Nullable: true},
	}
	// StudyVisitBookingsTable holds the schema information for the "study_visit_bookings" table.
	StudyVisitBookingsTable = &schema.Table{
		Name:       "study_visit_bookings",
		Columns:    StudyVisitBookingsColumns,
		PrimaryKey: []*schema.Column{StudyVisitBookingsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "study_visit_bookings_departments_department",
				Columns:    []*schema.Column{StudyVisitBookingsColumns[6]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "study_visit_bookings_study_visit_slots_slot",
				Columns:    []*schema.Column{StudyVisitBookingsColumns[7]},
				RefColumns: []*schema.Column{StudyVisitSlotsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "study_visit_bookings_users_user",
				Columns:    []*schema.Column{StudyVisitBookingsColumns[8]},
				RefColumns: []*schema.Column{UsersColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "study_visit_bookings_actions_report_back",
				Columns:    []*schema.Column{StudyVisitBookingsColumns[9]},
				RefColumns: []*schema.Column{ActionsColumns[0]},
				OnDelete:   schema.SetNull,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "studyvisitbooking_department_id",
				Unique:  false,
				Columns: []*schema.Column{StudyVisitBookingsColumns[6]},
			},
			{
				Name:    "studyvisitbooking_slot_id_seat",
				Unique:  true,
				Columns: []*schema.Column{StudyVisitBookingsColumns[7], StudyVisitBookingsColumns[3]},
			},
			{
				Name:    "studyvisitbooking_slot_id_user_id",
				Unique:  true,
				Columns: []*schema.Column{StudyVisitBookingsColumns[7], StudyVisitBookingsColumns[8]},
			},
		},
	}
	// StudyVisitSlotsColumns holds the columns for the "study_visit_slots" table.
	StudyVisitSlotsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "starts_at", Type: field.TypeTime},
		{Name: "size", Type: field.TypeInt},
		{Name: "note", Type: field.TypeString, Nullable: true, Size: 2147483647},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "operation_id", Type: field.TypeInt},
		{Name: "unit_id", Type: field.TypeInt, Nullable: true},
	}
	// StudyVisitSlotsTable holds the schema information for the "study_visit_slots" table.
	StudyVisitSlotsTable = &schema.Table{
		Name:       "study_visit_slots",
		Columns:    StudyVisitSlotsColumns,
		PrimaryKey: []*schema.Column{StudyVisitSlotsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "study_visit_slots_departments_department",
				Columns:    []*schema.Column{StudyVisitSlotsColumns[6]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "study_visit_slots_operations_operation",
				Columns:    []*schema.Column{StudyVisitSlotsColumns[7]},
				RefColumns: []*schema.Column{OperationsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "study_visit_slots_units_unit",
				Columns:    []*schema.Column{StudyVisitSlotsColumns[8]},
				RefColumns: []*schema.Column{UnitsColumns[0]},
				OnDelete:   schema.SetNull,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "studyvisitslot_department_id",
				Unique:  false,
				Columns: []*schema.Column{StudyVisitSlotsColumns[6]},
			},
			{
				Name:    "studyvisitslot_department_id_starts_at",
				Unique:  false,
				Columns: []*schema.Column{StudyVisitSlotsColumns[6], StudyVisitSlotsColumns[3]},
			},
		},
	}
	// UnitsColumns holds the columns for the "units" table.
	UnitsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "name", Type: field.TypeString},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "operation_id", Type: field.TypeInt},
		{Name: "manager_id", Type: field.TypeInt, Nullable: true},
	}
	// UnitsTable holds the schema information for the "units" table.
	UnitsTable = &schema.Table{
		Name:       "units",
		Columns:    UnitsColumns,
		PrimaryKey: []*schema.Column{UnitsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "units_departments_department",
				Columns:    []*schema.Column{UnitsColumns[4]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "units_operations_operation",
				Columns:    []*schema.Column{UnitsColumns[5]},
				RefColumns: []*schema.Column{OperationsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "units_users_manager",
				Columns:    []*schema.Column{UnitsColumns[6]},
				RefColumns: []*schema.Column{UsersColumns[0]},
				OnDelete:   schema.SetNull,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "unit_department_id",
				Unique:  false,
				Columns: []*schema.Column{UnitsColumns[4]},
			},
			{
				Name:    "unit_operation_id_name",
				Unique:  true,
				Columns: []*schema.Column{UnitsColumns[5], UnitsColumns[3]},
			},
		},
	}
	// UsersColumns holds the columns for the "users" table.
	UsersColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "issuer", Type: field.TypeString},
		{Name: "subject", Type: field.TypeString},
		{Name: "name", Type: field.TypeString, Default: ""},
		{Name: "email", Type: field.TypeString, Default: ""},
		{Name: "last_login_at", Type: field.TypeTime, Nullable: true},
		{Name: "municipality_admin", Type: field.TypeBool, Default: false},
		{Name: "municipality_admin_by_claim", Type: field.TypeBool, Default: false},
	}
	// UsersTable holds the schema information for the "users" table.
	UsersTable = &schema.Table{
		Name:       "users",
		Columns:    UsersColumns,
		PrimaryKey: []*schema.Column{UsersColumns[0]},
		Indexes: []*schema.Index{
			{
				Name:    "user_issuer_subject",
				Unique:  true,
				Columns: []*schema.Column{UsersColumns[3], UsersColumns[4]},
			},
			{
				Name:    "user_email",
				Unique:  true,
				Columns: []*schema.Column{UsersColumns[6]},
				Annotation: &entsql.IndexAnnotation{
					Where: "issuer = ''",
				},
			},
		},
	}
	// WorkplaceMeetingsColumns holds the columns for the "workplace_meetings" table.
	WorkplaceMeetingsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "date", Type: field.TypeString},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "unit_id", Type: field.TypeInt},
	}
	// WorkplaceMeetingsTable holds the schema information for the "workplace_meetings" table.
	WorkplaceMeetingsTable = &schema.Table{
		Name:       "workplace_meetings",
		Columns:    WorkplaceMeetingsColumns,
		PrimaryKey: []*schema.Column{WorkplaceMeetingsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "workplace_meetings_departments_department",
				Columns:    []*schema.Column{WorkplaceMeetingsColumns[4]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "workplace_meetings_units_unit",
				Columns:    []*schema.Column{WorkplaceMeetingsColumns[5]},
				RefColumns: []*schema.Column{UnitsColumns[0]},
				OnDelete:   schema.Cascade,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "workplacemeeting_department_id",
				Unique:  false,
				Columns: []*schema.Column{WorkplaceMeetingsColumns[4]},
			},
			{
				Name:    "workplacemeeting_unit_id_date",
				Unique:  true,
				Columns: []*schema.Column{WorkplaceMeetingsColumns[5], WorkplaceMeetingsColumns[3]},
			},
		},
	}
	// WorkshopsColumns holds the columns for the "workshops" table.
	WorkshopsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "updated_at", Type: field.TypeTime},
		{Name: "topic", Type: field.TypeString},
		{Name: "date", Type: field.TypeString},
		{Name: "place", Type: field.TypeString, Nullable: true},
		{Name: "capacity", Type: field.TypeInt},
		{Name: "registration_opens_at", Type: field.TypeTime},
		{Name: "registration_closes_at", Type: field.TypeTime},
		{Name: "minimums", Type: field.TypeJSON},
		{Name: "seed", Type: field.TypeInt64, Nullable: true},
		{Name: "allocated_at", Type: field.TypeTime, Nullable: true},
		{Name: "explanation", Type: field.TypeJSON, Nullable: true},
		{Name: "department_id", Type: field.TypeInt},
	}
	// WorkshopsTable holds the schema information for the "workshops" table.
	WorkshopsTable = &schema.Table{
		Name:       "workshops",
		Columns:    WorkshopsColumns,
		PrimaryKey: []*schema.Column{WorkshopsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "workshops_departments_department",
				Columns:    []*schema.Column{WorkshopsColumns[13]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "workshop_department_id",
				Unique:  false,
				Columns: []*schema.Column{WorkshopsColumns[13]},
			},
			{
				Name:    "workshop_department_id_date",
				Unique:  false,
				Columns: []*schema.Column{WorkshopsColumns[13], WorkshopsColumns[4]},
			},
		},
	}
	// WorkshopRegistrationsColumns holds the columns for the "workshop_registrations" table.
	WorkshopRegistrationsColumns = []*schema.Column{
		{Name: "id", Type: field.TypeInt, Increment: true},
		{Name: "created_at", Type: field.TypeTime},
		{Name: "cancelled_at", Type: field.TypeTime, Nullable: true},
		{Name: "state", Type: field.TypeEnum, Enums: []string{"registered", "seated", "waitlisted", "cancelled"}, Default: "registered"},
		{Name: "waitlist_position", Type: field.TypeInt, Nullable: true},
		{Name: "in_draw", Type: field.TypeBool, Default: false},
		{Name: "attended_this_term", Type: field.TypeBool, Default: false},
		{Name: "seat_reason", Type: field.TypeString, Nullable: true},
		{Name: "department_id", Type: field.TypeInt},
		{Name: "workshop_id", Type: field.TypeInt},
		{Name: "user_id", Type: field.TypeInt},
		{Name: "operation_area_id", Type: field.TypeInt},
	}
	// WorkshopRegistrationsTable holds the schema information for the "workshop_registrations" table.
	WorkshopRegistrationsTable = &schema.Table{
		Name:       "workshop_registrations",
		Columns:    WorkshopRegistrationsColumns,
		PrimaryKey: []*schema.Column{WorkshopRegistrationsColumns[0]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "workshop_registrations_departments_department",
				Columns:    []*schema.Column{WorkshopRegistrationsColumns[8]},
				RefColumns: []*schema.Column{DepartmentsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "workshop_registrations_workshops_workshop",
				Columns:    []*schema.Column{WorkshopRegistrationsColumns[9]},
				RefColumns: []*schema.Column{WorkshopsColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "workshop_registrations_users_user",
				Columns:    []*schema.Column{WorkshopRegistrationsColumns[10]},
				RefColumns: []*schema.Column{UsersColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "workshop_registrations_operation_areas_operation_area",
				Columns:    []*schema.Column{WorkshopRegistrationsColumns[11]},
				RefColumns: []*schema.Column{OperationAreasColumns[0]},
				OnDelete:   schema.NoAction,
			},
		},
		Indexes: []*schema.Index{
			{
				Name:    "workshopregistration_department_id",
				Unique:  false,
				Columns: []*schema.Column{WorkshopRegistrationsColumns[8]},
			},
			{
				Name:    "workshopregistration_workshop_id_user_id",
				Unique:  true,
				Columns: []*schema.Column{WorkshopRegistrationsColumns[9], WorkshopRegistrationsColumns[10]},
			},
		},
	}
	// RoleMembersColumns holds the columns for the "role_members" table.
	RoleMembersColumns = []*schema.Column{
		{Name: "role_id", Type: field.TypeInt},
		{Name: "group_id", Type: field.TypeInt},
	}
	// RoleMembersTable holds the schema information for the "role_members" table.
	RoleMembersTable = &schema.Table{
		Name:       "role_members",
		Columns:    RoleMembersColumns,
		PrimaryKey: []*schema.Column{RoleMembersColumns[0], RoleMembersColumns[1]},
		ForeignKeys: []*schema.ForeignKey{
			{
				Symbol:     "role_members_role_id",
				Columns:    []*schema.Column{RoleMembersColumns[0]},
				RefColumns: []*schema.Column{RolesColumns[0]},
				OnDelete:   schema.Cascade,
			},
			{
				Symbol:     "role_members_group_id",
				Columns:    []*schema.Column{RoleMembersColumns[1]},
				RefColumns: []*schema.Column{RolesColumns[0]},
				OnDelete:   schema.Cascade,
			},
		},
	}
	// Tables holds all the tables in the schema.
	Tables = []*schema.Table{
		ActionsTable,
		AreasTable,
		AuditRecordsTable,
		BoardMeetingsTable,
		BoardVisitsTable,
		CalendarFeedsTable,
		DepartmentsTable,
		EvidencesTable,
		GroupMappingsTable,
		LoginAttemptsTable,
		OperationsTable,
		OperationAreasTable,
		PlansTable,
		RolesTable,
		RoleAssignmentsTable,
		SessionsTable,
		SignOffsTable,
		StudyVisitBookingsTable,
		StudyVisitSlotsTable,
		UnitsTable,
		UsersTable,
		WorkplaceMeetingsTable,
		WorkshopsTable,
		WorkshopRegistrationsTable,
		RoleMembersTable,
	}
)

func init() {
	ActionsTable.ForeignKeys[0].RefTable = DepartmentsTable
	ActionsTable.ForeignKeys[1].RefTable = ActionsTable
	ActionsTable.ForeignKeys[2].RefTable = RolesTable
	ActionsTable.ForeignKeys[3].RefTable = ActionsTable
	ActionsTable.ForeignKeys[4].RefTable = UsersTable
	ActionsTable.ForeignKeys[5].RefTable = AreasTable
	ActionsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(0),
	}
	AreasTable.ForeignKeys[0].RefTable = DepartmentsTable
	AreasTable.ForeignKeys[1].RefTable = PlansTable
	AreasTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(4294967296),
	}
	AuditRecordsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(25769803776),
	}
	BoardMeetingsTable.ForeignKeys[0].RefTable = DepartmentsTable
	BoardMeetingsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(60129542144),
	}
	BoardVisitsTable.ForeignKeys[0].RefTable = BoardMeetingsTable
	BoardVisitsTable.ForeignKeys[1].RefTable = DepartmentsTable
	BoardVisitsTable.ForeignKeys[2].RefTable = OperationsTable
	BoardVisitsTable.ForeignKeys[3].RefTable = UnitsTable
	BoardVisitsTable.ForeignKeys[4].RefTable = ActionsTable
	BoardVisitsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(64424509440),
	}
	CalendarFeedsTable.ForeignKeys[0].RefTable = UsersTable
	CalendarFeedsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(47244640256),
	}
	DepartmentsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(8589934592),
	}
	EvidencesTable.ForeignKeys[0].RefTable = DepartmentsTable
	EvidencesTable.ForeignKeys[1].RefTable = UsersTable
	EvidencesTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(51539607552),
	}
	GroupMappingsTable.ForeignKeys[0].RefTable = DepartmentsTable
	GroupMappingsTable.ForeignKeys[1].RefTable = RolesTable
	GroupMappingsTable.ForeignKeys[2].RefTable = OperationAreasTable
	GroupMappingsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(98784247808),
	}
	LoginAttemptsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(30064771072),
	}
	OperationsTable.ForeignKeys[0].RefTable = DepartmentsTable
	OperationsTable.ForeignKeys[1].RefTable = OperationAreasTable
	OperationsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(68719476736),
	}
	OperationAreasTable.ForeignKeys[0].RefTable = DepartmentsTable
	OperationAreasTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(12884901888),
	}
	PlansTable.ForeignKeys[0].RefTable = DepartmentsTable
	PlansTable.ForeignKeys[1].RefTable = RolesTable
	PlansTable.ForeignKeys[2].RefTable = RolesTable
	PlansTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(17179869184),
	}
	RolesTable.ForeignKeys[0].RefTable = DepartmentsTable
	RolesTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(21474836480),
	}
	RoleAssignmentsTable.ForeignKeys[0].RefTable = DepartmentsTable
	RoleAssignmentsTable.ForeignKeys[1].RefTable = UsersTable
	RoleAssignmentsTable.ForeignKeys[2].RefTable = RolesTable
	RoleAssignmentsTable.ForeignKeys[3].RefTable = OperationAreasTable
	RoleAssignmentsTable.ForeignKeys[4].RefTable = UnitsTable
	RoleAssignmentsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(34359738368),
	}
	SessionsTable.ForeignKeys[0].RefTable = UsersTable
	SessionsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(38654705664),
	}
	SignOffsTable.ForeignKeys[0].RefTable = ActionsTable
	SignOffsTable.ForeignKeys[1].RefTable = DepartmentsTable
	SignOffsTable.ForeignKeys[2].RefTable = UsersTable
	SignOffsTable.ForeignKeys[3].RefTable = UsersTable
	SignOffsTable.ForeignKeys[4].RefTable = EvidencesTable
	SignOffsTable.ForeignKeys[5].RefTable = UnitsTable
	SignOffsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(55834574848),
	}
	StudyVisitBookingsTable.ForeignKeys[0].RefTable = DepartmentsTable
	StudyVisitBookingsTable.ForeignKeys[1].RefTable = StudyVisitSlotsTable
	StudyVisitBookingsTable.ForeignKeys[2].RefTable = UsersTable
	StudyVisitBookingsTable.ForeignKeys[3].RefTable = ActionsTable
	StudyVisitBookingsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(73014444032),
	}
	StudyVisitSlotsTable.ForeignKeys[0].RefTable = DepartmentsTable
	StudyVisitSlotsTable.ForeignKeys[1].RefTable = OperationsTable
	StudyVisitSlotsTable.ForeignKeys[2].RefTable = UnitsTable
	StudyVisitSlotsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(77309411328),
	}
	UnitsTable.ForeignKeys[0].RefTable = DepartmentsTable
	UnitsTable.ForeignKeys[1].RefTable = OperationsTable
	UnitsTable.ForeignKeys[2].RefTable = UsersTable
	UnitsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(81604378624),
	}
	UsersTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(42949672960),
	}
	WorkplaceMeetingsTable.ForeignKeys[0].RefTable = DepartmentsTable
	WorkplaceMeetingsTable.ForeignKeys[1].RefTable = UnitsTable
	WorkplaceMeetingsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(85899345920),
	}
	WorkshopsTable.ForeignKeys[0].RefTable = DepartmentsTable
	WorkshopsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(90194313216),
	}
	WorkshopRegistrationsTable.ForeignKeys[0].RefTable = DepartmentsTable
	WorkshopRegistrationsTable.ForeignKeys[1].RefTable = WorkshopsTable
	WorkshopRegistrationsTable.ForeignKeys[2].RefTable = UsersTable
	WorkshopRegistrationsTable.ForeignKeys[3].RefTable = OperationAreasTable
	WorkshopRegistrationsTable.Annotation = &entsql.Annotation{
		IncrementStart: func(i int) *int { return &i }(94489280512),
	}
	RoleMembersTable.ForeignKeys[0].RefTable = RolesTable
	RoleMembersTable.ForeignKeys[1].RefTable = RolesTable
}
