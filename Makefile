# Make targets per DESIGN §7. CGO is off everywhere: the SQLite driver is
# pure Go, so the binary builds and runs on any machine without a C toolchain.
export CGO_ENABLED := 0
SHELL := /bin/bash

GO      ?= go
BIN     := .bin/qascore
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
PKGS     = $(shell $(GO) list ./... | grep -v /cmd/internal/store)

.PHONY: run test build generate lint bench bench-autoqa clean

## run: build and serve on ./qa.db with the demo workspace (http://127.0.0.1:8080)
run: build
	QA_DEMO=true ./$(BIN) serve --db qa.db

## build: compile the qascore binary into .bin/
build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/qascore

## generate: regenerate templ components
generate:
	$(GO) tool templ generate

## lint: gofmt, go vet, domain-import check, templ fmt, generated-code freshness
lint:
	./.ci/lint

## test: everything CI runs. Store tests run verbosely so the output shows
## whether the Postgres variants ran (they need QA_TEST_PG_DSN; .ci/run sets it).
test: lint
	$(GO) test -count=1 -timeout 10m $(PKGS)
	@mkdir -p .bin
	$(GO) test -count=1 -timeout 10m -v ./cmd/internal/store/... 2>&1 | tee .bin/store-test.log | grep -E '^(---|===|ok|FAIL|PASS|panic)' | grep -vE '^=== (RUN|PAUSE|CONT)' ; exit $${PIPESTATUS[0]}
	@printf 'store tests: sqlite %s passed; postgres %s passed, %s skipped\n' \
	  "$$(grep -cE -- '--- PASS: .*/sqlite' .bin/store-test.log)" \
	  "$$(grep -cE -- '--- PASS: .*/postgres' .bin/store-test.log)" \
	  "$$(grep -cE -- '--- SKIP: .*/postgres' .bin/store-test.log)"

## bench: benchmarks (list page on 50,000 conversations, store, fixtures)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 1 -timeout 20m ./...

## bench-autoqa: AutoQA speed in one run — Score on 2 KB transcripts and our sentiment scorer beside govader
bench-autoqa:
	$(GO) test -run '^$$' -bench 'BenchmarkScore$$|BenchmarkSentiment' -benchmem -cpu 1 ./scoring/autoqa/...

## clean: remove build output and the demo database
clean:
	rm -rf .bin qa.db qa.db-wal qa.db-shm
