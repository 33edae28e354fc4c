module github.com/trucewatch/trucewatch

go 1.26.0

// Why each direct dependency (docs/architecture.md says more):
//   - chromedp drives the real headless Chromium of the browser tests; it is
//     imported by tests only, so the trucewatch binary does not contain it.
//   - pgx is the maintained PostgreSQL driver, used through database/sql.
//   - modernc.org/sqlite is SQLite without cgo: go install and
//     cross-compiling stay simple for field offices.
//   - snowballstem is the maintained Go port of the Snowball stemmers (de, en, ru).
//   - golang.org/x/mod gives the ledger (internal/ledger) the Go checksum
//     database's own transparency-log code: sumdb/tlog (the Merkle tree and
//     its proofs) and sumdb/note (signed checkpoints).
//   - prometheus/client_golang is the Prometheus project's own, maintained
//     client: serve's /metrics (internal/metrics, the one package that
//     imports it) in the format every scraper reads, with the Go runtime's
//     and the process's collectors.
//   - golang.org/x/text (the Go project's own) gives the dashboard's four
//     languages (internal/i18n): language matching for Accept-Language,
//     message catalogues, CLDR plural rules (Ukrainian and Russian have
//     three forms) and numbers in the reader's style.
require (
	github.com/blevesearch/snowballstem v0.9.0
	github.com/chromedp/chromedp v0.23.0
	github.com/jackc/pgx/v5 v5.12.0
	github.com/prometheus/client_golang v1.25.0
	golang.org/x/mod v0.42.0
	golang.org/x/text v0.42.0
	modernc.org/sqlite v1.62.0
)

require (
	github.com/BurntSushi/toml v1.4.1-0.20240526193622-a339e1f7089c // indirect
	github.com/beorn7/perks v1.0.1 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/dustin/go-humanize v1.1.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/munnerz/goautoneg v0.0.0-20191010083416-a7dc8b61c822 // indirect
	github.com/ncruces/go-strftime v1.1.0 // indirect
	github.com/prometheus/client_model v0.6.3 // indirect
	github.com/prometheus/common v0.72.0 // indirect
	github.com/prometheus/procfs v0.22.0 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	golang.org/x/exp/typeparams v0.0.0-20231108232855-2478ac86f678 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
	honnef.co/go/tools v0.8.2 // indirect
	modernc.org/libc v1.80.1 // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/memory v1.12.1 // indirect
)

tool honnef.co/go/tools/cmd/staticcheck
