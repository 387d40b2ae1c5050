package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/planstore"
)

// planFile serves GET /plans/{id}/plan.yaml: the plan as a plan file (see
// docs/plan-file.md), to edit and import again with the importPlanFile
// mutation. It is read with the viewer's rights, so whoever reads the plan
// may export it, and another department's plan is not found.
func planFile(client *ent.Client, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		planID, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			fault.WriteText(w, http.StatusNotFound, fault.NotFound)
			return
		}
		f, err := planstore.Export(r.Context(), client, planID)
		if ent.IsNotFound(err) {
			fault.WriteText(w, http.StatusNotFound, fault.NotFound)
			return
		}
		var buf bytes.Buffer
		if err == nil {
			err = planfile.Write(&buf, f)
		}
		if err != nil {
			logger.ErrorContext(r.Context(), "plan file", "plan_id", planID, "error", err.Error())
			fault.WriteText(w, http.StatusInternalServerError, fault.Internal)
			return
		}
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+f.Filename()+`"`)
		w.Header().Set("Cache-Control", "private, no-cache")
		_, _ = w.Write(buf.Bytes())
	})
}
