# The two commands: `make run` and `make test`. Everything else is a step of
# those, or a tool for developers.
GO      ?= go
BIN     := bin/handlingsplan
ADDR    ?= 127.0.0.1:8080
DB      ?= data/handlingsplan.db

.PHONY: run build build-static generate migration frontend check-generated vet test test-go fuzz test-frontend check-packaging bench clean

## run: build and serve on $(ADDR) with SQLite at $(DB); the Bollebygd plan is loaded on first start
run: build
	$(BIN) serve --dev --addr $(ADDR) --db $(DB)

build:
	$(GO) build -trimpath -ldflags "-s -w" -o $(BIN) ./cmd/handlingsplan

## build-static: the static binary of the container image (packaging/build-static.sh)
build-static:
	packaging/build-static.sh bin/handlingsplan-static

## generate: regenerate ent and gqlgen code (committed)
generate:
	$(GO) generate ./...

## migration: write the schema's next migration after a change to the ent schema, e.g. make migration NAME=add_unit_phone
migration:
	@test -n "$(NAME)" || { echo "usage: make migration NAME=what_it_does"; exit 2; }
	$(GO) run ./database/internal/newmigration -name $(NAME)

## frontend: rebuild the web app into frontend/dist (committed; needs Node and npm)
frontend:
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build

## check-generated: fail when the committed generated code is stale
check-generated:
	scripts/check-generated.sh

vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt wants to change: $$unformatted"; exit 1; fi

## test: every test (generated code, vet, Go tests on SQLite and PostgreSQL, a brief fuzz, the web app, packaging)
test: check-generated vet test-go test-frontend check-packaging

test-go:
	scripts/ensure-postgres.sh
	$(GO) test -race -count=1 -timeout 15m ./...
	$(MAKE) --no-print-directory fuzz

## fuzz: the plan file readers under `go test -fuzz`, $(FUZZTIME) each (make test runs them briefly;
## a failing input lands in planfile/testdata/fuzz, to keep as a regression seed once fixed)
FUZZTIME ?= 10s
fuzz:
	$(GO) test ./planfile -run '^$$' -fuzz '^FuzzParseYAML$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s
	$(GO) test ./planfile -run '^$$' -fuzz '^FuzzParseMarkdown$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s
	$(GO) test ./planfile -run '^$$' -fuzz '^FuzzParseDocx$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s

## test-frontend: the web app's unit tests, size budget, fresh-build check and end-to-end test in Chromium
test-frontend:
	scripts/frontend-test.sh

## check-packaging: the static binary builds as the Dockerfile builds it and works; the systemd units verify
check-packaging:
	scripts/check-packaging.sh

## bench: load test on SQLite and PostgreSQL (see bench/README.md)
bench:
	bench/run.sh

clean:
	rm -rf bin
