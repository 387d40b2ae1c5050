// Package synth generates a large, realistic-looking department of plan
// files for load tests and benchmarks. The texts are stitched together from
// phrases of the kind Swedish municipal action plans use; the role
// catalogue is Bollebygd's (see plans/) plus a few more positions.
//
// Generation is deterministic: the same seed gives the same files, and plan
// i does not depend on how many plans are asked for, so a benchmark that
// imports 3 plans queries the same tree as a load test that imports 100.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/handlingsplan/handlingsplan/planfile"
)

// The size the tools use unless told otherwise: 100 plans of 10 areas with
// 20 actions each, every other action with 1–3 sub-actions.
const (
	DefaultPlans   = 100
	DefaultAreas   = 10
	DefaultActions = 20
	DefaultSeed    = 1
)

// The department every synthetic plan belongs to.
const (
	Slug         = "synth-socialforvaltningen"
	Name         = "Socialförvaltningen"
	Municipality = "Synteby kommun"
)

// Department returns plans plan files of one department, each with
// areasPerPlan areas of actionsPerArea numbered actions. Every other action
// (the 1st, 3rd, ...) has 1–3 sub-actions. All files carry the same role and
// operation-area catalogue, so importing any subset works.
func Department(plans, areasPerPlan, actionsPerArea int, seed int64) []*planfile.File {
	files := make([]*planfile.File, plans)
	for i := range files {
		// One stream per plan, so plan i is the same whatever plans is.
		g := &gen{rnd: rand.New(rand.NewPCG(uint64(seed), uint64(i)))}
		files[i] = &planfile.File{
			Version:    planfile.Version,
			Department: department(),
			Plan:       g.plan(i, areasPerPlan, actionsPerArea),
		}
	}
	return files
}

// Counts is the number of rows a set of files puts in the database.
type Counts struct {
	Plans, Areas, Actions, SubActions int
}

// Count adds up the plans, areas, actions and sub-actions of files.
func Count(files []*planfile.File) Counts {
	var c Counts
	for _, f := range files {
		c.Plans++
		c.Areas += len(f.Plan.Areas)
		for _, a := range f.Plan.Areas {
			c.Actions += len(a.Actions)
			for _, act := range a.Actions {
				c.SubActions += len(act.SubActions)
			}
		}
	}
	return c
}

func department() planfile.Department {
	return planfile.Department{
		Slug:         Slug,
		Name:         Name,
		Municipality: Municipality,
		OperationAreas: []planfile.OperationArea{
			{Code: "ÄO", Name: "Äldreomsorg"},
			{Code: "LSS", Name: "LSS"},
			{Code: "HSV", Name: "Hälso- och sjukvård"},
			{Code: "IFO myndighet", Name: "Individ- och familjeomsorg, myndighet"},
			{Code: "IFO verkställighet", Name: "Individ- och familjeomsorg, verkställighet"},
		},
		Roles: roles(),
	}
}

// roles is Bollebygd's catalogue, then four more positions so that
// responsibility spreads over more roles than one small plan needs.
func roles() []planfile.Role {
	return []planfile.Role{
		{Name: "Förvaltningschef"},
		{Name: "Utvecklingschef"},
		{Name: "Verksamhetschef", Aliases: []string{"Verksamhetschefer"}},
		{Name: "Enhetschef", Aliases: []string{"Enhetschefer"}},
		{Name: "Ordförande"},
		{Name: "Ledamot", Aliases: []string{"Ledamöter"}},
		{Name: "Medarbetare"},
		{Name: "Chefer", Kind: planfile.RoleGroup, Members: []string{
			"Förvaltningschef", "Utvecklingschef", "Verksamhetschef", "Enhetschef",
		}},
		{Name: "Kvalitetsutvecklare", Aliases: []string{"Kvalitetsutvecklarna"}},
		{Name: "Socialsekreterare"},
		{Name: "HR-partner", Aliases: []string{"HR-partners"}},
		{Name: "Medicinskt ansvarig sjuksköterska", Aliases: []string{"MAS"}},
	}
}

// responsibles is who actions name as responsible, as plans spell them:
// mostly singular names, sometimes the plural alias. Repeats weight the draw.
var responsibles = []string{
	"Förvaltningschef", "Förvaltningschef", "Utvecklingschef",
	"Verksamhetschef", "Verksamhetschefer", "Verksamhetschef",
	"Enhetschef", "Enhetschefer", "Enhetschef", "Enhetschef",
	"Ordförande", "Ledamot", "Ledamöter", "Medarbetare", "Medarbetare",
	"Chefer", "Chefer", "Kvalitetsutvecklare", "Socialsekreterare",
	"HR-partner", "MAS", "Medicinskt ansvarig sjuksköterska",
}

var (
	topics = []string{
		"tillitsfull dialog", "kompetensförsörjning", "heltid som norm",
		"digitalisering och välfärdsteknik", "arbetsmiljö och hälsa",
		"våld i nära relationer", "suicidprevention", "barnrättsperspektivet",
		"kvalitetsledning", "psykisk hälsa", "ekonomi i balans",
		"samverkan med civilsamhället", "förebyggande arbete",
		"jämställdhetsintegrering", "informationssäkerhet", "hållbar bemanning",
		"brukarinflytande", "meningsfull sysselsättning", "trygg hemgång",
		"nära vård", "tidiga insatser för barn och unga", "minskad sjukfrånvaro",
	}
	scopes = []string{
		"Socialförvaltning", "inom äldreomsorgen", "inom LSS",
		"inom individ- och familjeomsorgen", "inom hälso- och sjukvården",
		"för socialtjänsten",
	}
	nämnder = []string{"Socialnämnden", "Socialnämnden", "Omsorgsnämnden", "Kommunstyrelsen"}

	areaVerbs = []string{
		"Stärka", "Utveckla", "Skapa ett närmare band i", "Förbättra",
		"Säkerställa", "Tydliggöra", "Öka tilliten i", "Främja",
		"Fördjupa", "Samordna",
	}
	areaObjects = []string{
		"dialogen mellan politik och verksamhet",
		"medarbetarnas delaktighet i förändringsarbetet",
		"chefernas förutsättningar att leda",
		"kommunikationen inom förvaltningen",
		"samverkan mellan enheterna",
		"uppföljningen av verksamhetens kvalitet",
		"introduktionen av nya medarbetare",
		"kompetensutvecklingen för baspersonal",
		"brukarnas inflytande över sina insatser",
		"det förebyggande arbetet",
		"arbetet med avvikelser och klagomål",
		"samarbetet med regionen",
		"användningen av digitala verktyg",
		"arbetsmiljön på arbetsplatserna",
		"styrningen och ledningen av verksamheterna",
		"informationsöverföringen vid övergångar",
		"rutinerna för dokumentation",
		"arbetet med heltid som norm",
	}
	purposes = []string{
		"öka kunskap och förståelse för varandras olika uppdrag och ansvar",
		"skapa en gemensam bild av verksamhetens behov och förutsättningar",
		"ge medarbetarna bättre förutsättningar att utföra sitt uppdrag",
		"minska sårbarheten vid personalomsättning",
		"säkerställa att insatserna håller god kvalitet och följs upp",
		"skapa en större förståelse för att förvaltningen har många olika typer av verksamheter",
		"göra det lättare för brukare och anhöriga att påverka",
		"få en jämnare arbetsbelastning mellan enheterna",
		"bygga upp ett långsiktigt och hållbart arbetssätt",
		"korta tiden från beslut till verkställighet",
	}
	notes = []string{
		"Idag har några enheter egna plattformar medan andra har inget alls.",
		"Området följs upp särskilt i samband med verksamhetsplaneringen.",
		"Arbetet samordnas med kommunens övergripande handlingsplan.",
		"Delar av området finansieras med statsbidrag under planperioden.",
		"Medarbetarenkäten visar stora skillnader mellan verksamheterna.",
	}

	subjects = []string{
		"Förvaltningen", "Varje enhet", "Verksamheterna", "Ledningsgruppen",
		"Enhetscheferna", "Nämnden", "En arbetsgrupp med representanter från alla verksamheter",
		"Kvalitetsutvecklarna", "Verksamhetscheferna", "HR-avdelningen tillsammans med cheferna",
	}
	verbs = []string{
		"tar fram en gemensam rutin för", "genomför återkommande workshops om",
		"följer upp resultatet av", "inventerar behovet av", "utbildar samtliga medarbetare i",
		"planerar in strukturerade studiebesök kring", "sammanställer en årlig rapport om",
		"inför en stående punkt på APT om", "utvärderar arbetet med",
		"skapar en gemensam digital plattform för", "ser över ansvarsfördelningen kring",
		"tar fram en kommunikationsplan för",
	}
	objects = []string{
		"introduktion av nya medarbetare", "avvikelsehantering",
		"brukarnas delaktighet", "arbetsmiljöfrågor", "kompetensförsörjning",
		"dokumentation enligt SoL och LSS", "samverkan med hälso- och sjukvården",
		"informationsöverföring mellan enheterna", "tillitsbaserad styrning",
		"heltidsarbete och schemaläggning", "handledning för socialsekreterare",
		"välfärdsteknik i hemtjänsten", "läkemedelshantering", "klagomål och synpunkter",
		"medarbetarsamtal", "arbetsplatsträffar", "nämndens uppföljning av verksamheten",
	}
	addenda = []string{
		"Resultatet återrapporteras till nämnden.",
		"Genomförs i samverkan med HR-avdelningen.",
		"Arbetet ska utgå från medarbetarnas erfarenheter.",
		"Uppföljning sker i samband med verksamhetsplaneringen.",
		"En verksamhet per nämnd, start i september 2024 och färdigt december 2025.",
		"Genomförs genom att förvaltningen planerar in strukturerade besök ut i verksamheterna.",
		"Materialet bearbetas vidare med kommunens samtliga chefer.",
		"Erfarenheterna sprids till övriga enheter på chefsforum.",
	}
	subTexts = []string{
		"Verksamheterna återrapporterar på nästkommande APT om %s.",
		"Enhetscheferna följer upp %s i medarbetarsamtalen.",
		"Resultatet av arbetet med %s sammanställs och presenteras för ledningsgruppen.",
		"Vid osäkerhet kring %s kan förvaltningen hålla en utbildning.",
		"Vid nästkommande nämndsmöte återrapporterar ledamöterna vad de har sett kring %s.",
		"Medarbetarna bjuds in till dialog om %s på arbetsplatsträffen.",
	}
	backgroundSentences = []string{
		"Kommunen som arbetsgivare vill arbeta för en hållbar organisation.",
		"Det innebär många saker, bland annat måste kommunen fortsätta arbetet med att vara en attraktiv arbetsgivare.",
		"Kommunen behöver utgå ifrån ett \"här och nu perspektiv\" men framför allt ha ett långsiktigt perspektiv och strategi för hur kommunen ska klara kompetensförsörjningen.",
		"Förvaltningen har under de senaste åren sett ett ökat behov av samordning mellan verksamheterna.",
		"Nämnden gav förvaltningen i uppdrag att ta fram en handlingsplan med tydliga ansvariga och tidpunkter.",
		"Planen bygger på vad medarbetarna och politiken har lyft under processen.",
		"Med bidrag från Europeiska socialfonden har externt processledarstöd funnits tillgängligt.",
		"Uppföljningen sker två gånger per år och redovisas för nämnden.",
		"Ett steg på vägen till en hållbar organisation är att öka tilliten i organisationen.",
		"Medarbetarenkäten visade att många upplever att beslut fattas långt från verksamheten.",
		"Arbetet har förankrats i ledningsgruppen och på förvaltningens arbetsplatsträffar.",
		"Handlingsplanen gäller under planperioden och revideras vid behov.",
	}
	activities = []string{
		"Enkät genomfördes under våren där resultatet sedan återrapporterades till samtliga medarbetare.",
		"Utbildning i tillitsfull dialog för kommunens samtliga chefer.",
		"Varje arbetsplats genomförde en övning där medarbetarna anonymt fick beskriva sina utmaningar.",
		"Förvaltningscheferna sammanställde resultatet från övningarna i en workshop.",
		"En uppföljningsenkät genomfördes och resultatet har återrapporterats.",
		"Nämnden fick samma dragning som medarbetarna.",
		"Processledarstödet genomförde en workshop med nämnden.",
	}
	revisionNotes = []string{"", "Ansvariga uppdaterade efter omorganisation.", "Tidplanen förlängd.", "Nytt område tillagt."}
)

// gen draws from one random stream.
type gen struct{ rnd *rand.Rand }

func (g *gen) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

func (g *gen) chance(percent int) bool { return g.rnd.IntN(100) < percent }

// day returns a date between from and from plus spanDays.
func (g *gen) day(from time.Time, spanDays int) time.Time {
	return from.AddDate(0, 0, g.rnd.IntN(spanDays+1))
}

func (g *gen) plan(i, areas, actions int) planfile.Plan {
	date := g.day(time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), 3*365)
	p := planfile.Plan{
		Title: fmt.Sprintf("Handlingsplan %s %s", topics[i%len(topics)], g.pick(scopes)),
		// The index makes registry numbers distinct across the department.
		RegistryNumber: fmt.Sprintf("SN%d/%d", date.Year(), 100+i),
		Date:           date.Format(time.DateOnly),
		ApprovedBy:     "Förvaltningschef",
		Owner:          g.pick([]string{"Förvaltningschef", "Utvecklingschef", "Verksamhetschef"}),
		Background:     g.background(),
	}
	switch n := g.rnd.IntN(10); {
	case n < 7:
		p.Status = planfile.StatusAdopted
	case n < 9:
		p.Status = planfile.StatusDraft
	default:
		p.Status = planfile.StatusArchived
	}
	if i == 0 {
		// The benchmarks ask about the first plan as staff, who see no
		// drafts (and archived plans are out of follow-up): it is in force.
		p.Status = planfile.StatusAdopted
	}
	// Drafts carry the meeting they are to be adopted at, with the
	// paragraph not yet numbered. (They must have a date anyway: as of this
	// writing planstore.Import stores an empty adoptedAt as "", which the
	// schema refuses as a date.)
	p.AdoptedBy = g.pick(nämnder)
	p.AdoptedAt = g.day(date.AddDate(0, 0, 14), 40).Format(time.DateOnly)
	p.AdoptedParagraph = fmt.Sprintf("§ %d", 1+g.rnd.IntN(180))
	if p.Status == planfile.StatusDraft {
		p.AdoptedParagraph = "§ xx"
	}
	revised := date
	for range g.rnd.IntN(3) {
		revised = g.day(revised.AddDate(0, 1, 0), 200)
		p.Revisions = append(p.Revisions, planfile.Revision{Date: revised.Format(time.DateOnly), Note: g.pick(revisionNotes)})
	}
	for range g.rnd.IntN(6) {
		p.CompletedActivities = append(p.CompletedActivities, g.pick(activities))
	}
	start := g.rnd.IntN(len(areaObjects))
	for j := range areas {
		p.Areas = append(p.Areas, g.area(start+j, actions, date))
	}
	return p
}

// background is one to three paragraphs of two or three sentences, no
// sentence twice (there are enough sentences for nine).
func (g *gen) background() string {
	order := g.rnd.Perm(len(backgroundSentences))
	paragraphs := make([]string, 1+g.rnd.IntN(3))
	for i := range paragraphs {
		n := 2 + g.rnd.IntN(2)
		sentences := make([]string, n)
		for j := range sentences {
			sentences[j] = backgroundSentences[order[0]]
			order = order[1:]
		}
		paragraphs[i] = strings.Join(sentences, " ")
	}
	return strings.Join(paragraphs, "\n\n")
}

// area builds area number n (0-based, offset by the plan's start) so that
// the areas of one plan have different goals when there are enough.
func (g *gen) area(n, actions int, planDate time.Time) planfile.Area {
	a := planfile.Area{Title: g.pick(areaVerbs) + " " + areaObjects[n%len(areaObjects)] + "."}
	if g.chance(70) {
		a.Purpose = "Syftar till att " + g.pick(purposes) + "."
	}
	if g.chance(20) {
		a.Note = g.pick(notes)
	}
	for k := range actions {
		act := g.action(planDate)
		act.Number = k + 1
		if k%2 == 0 {
			for range 1 + g.rnd.IntN(3) {
				act.SubActions = append(act.SubActions, g.subAction(act.Deadline, planDate))
			}
		}
		a.Actions = append(a.Actions, act)
	}
	return a
}

func (g *gen) action(planDate time.Time) planfile.Action {
	object := g.pick(objects)
	text := g.pick(subjects) + " " + g.pick(verbs) + " " + object + "."
	for range g.rnd.IntN(3) {
		text += " " + g.pick(addenda)
	}
	return planfile.Action{Text: text, Responsible: g.pick(responsibles), Deadline: g.deadline(planDate)}
}

func (g *gen) subAction(parent planfile.Deadline, planDate time.Time) planfile.Action {
	d := parent
	if g.chance(40) {
		d = g.deadline(planDate)
	}
	return planfile.Action{
		Text:        fmt.Sprintf(g.pick(subTexts), g.pick(objects)),
		Responsible: g.pick(responsibles),
		Deadline:    d,
	}
}

// deadline is a month within three years of the plan about 60% of the
// time, otherwise continuous (fortlöpande) or when needed (vid behov).
func (g *gen) deadline(planDate time.Time) planfile.Deadline {
	switch n := g.rnd.IntN(100); {
	case n < 60:
		month := planDate.AddDate(0, 1+g.rnd.IntN(36), 0)
		return planfile.Deadline{Kind: planfile.DeadlineMonth, Month: month.Format("2006-01")}
	case n < 85:
		return planfile.Deadline{Kind: planfile.DeadlineContinuous}
	default:
		return planfile.Deadline{Kind: planfile.DeadlineWhenNeeded}
	}
}
