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
//   - gofeed parses RSS 1.0/2.0, Atom and JSON Feed (internal/feed): the
//     one maintained Go feed parser, with the many date formats and
//     extensions real feeds use. The proxy serves v1.4.2 from an earlier
//     copy; it builds, and its library's own tests (go test
//     github.com/mmcdole/gofeed/...) and ours pass with it.
//   - go-readability (readeck's maintained fork) finds a web page's main
//     text, for feeds that give only a summary and a link, and for pages.
//   - golang.org/x/net's html/charset decodes feeds and pages in the
//     encodings their XML declaration, Content-Type or meta tag name; its
//     html tokenizer reads the templates and pages for the text lint
//     (internal/i18n, Literals and VisibleText).
//   - progressbar draws ingest's progress bar; golang.org/x/term tells
//     whether stderr is a terminal (else plain progress lines).
//   - go-pdf/fpdf (codeberg.org, the maintained successor of jung-kurt's
//     gofpdf) writes the daily report's PDF (internal/dailyreport) in pure
//     Go: UTF-8 TrueType fonts, subset on embedding, and vector drawing for
//     the map; no external renderer.
//   - golang.org/x/text (the Go project's own) gives the dashboard's four
//     languages (internal/i18n): language matching for Accept-Language,
//     message catalogues, CLDR plural rules (Ukrainian and Russian have
//     three forms) and numbers in the reader's style.
require (
	codeberg.org/go-pdf/fpdf v0.12.0
	codeberg.org/readeck/go-readability/v2 v2.1.3
	github.com/blevesearch/snowballstem v0.9.0
	github.com/chromedp/chromedp v0.23.0
	github.com/jackc/pgx/v5 v5.12.0
	github.com/mmcdole/gofeed v1.4.2
	github.com/prometheus/client_golang v1.25.0
	github.com/schollz/progressbar/v3 v3.19.1
	golang.org/x/mod v0.42.0
	golang.org/x/net v0.63.0
	golang.org/x/term v0.48.0
	golang.org/x/text v0.44.0
	modernc.org/sqlite v1.62.0
)

require (
	github.com/BurntSushi/toml v1.4.1-0.20240526193622-a339e1f7089c // indirect
	github.com/andybalholm/cascadia v1.3.3 // indirect
	github.com/beorn7/perks v1.0.1 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/dustin/go-humanize v1.1.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/go-shiori/dom v0.0.0-20230515143342-73569d674e1c // indirect
	github.com/gogs/chardet v0.0.0-20211120154057-b7413eaefb8f // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/itlightning/dateparse v0.2.1 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/mitchellh/colorstring v0.0.0-20190213212951-d06e56a500db // indirect
	github.com/mmcdole/goxpp/v2 v2.0.0 // indirect
	github.com/munnerz/goautoneg v0.0.0-20191010083416-a7dc8b61c822 // indirect
	github.com/ncruces/go-strftime v1.1.0 // indirect
	github.com/prometheus/client_model v0.6.3 // indirect
	github.com/prometheus/common v0.72.0 // indirect
	github.com/prometheus/procfs v0.22.0 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	github.com/rivo/uniseg v0.4.7 // indirect
	golang.org/x/exp/typeparams v0.0.0-20231108232855-2478ac86f678 // indirect
	golang.org/x/sync v0.25.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
	honnef.co/go/tools v0.8.2 // indirect
	modernc.org/libc v1.80.1 // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/memory v1.12.1 // indirect
)

tool honnef.co/go/tools/cmd/staticcheck
