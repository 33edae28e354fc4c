// Package examples embeds trucewatch's example corpus: short reports about
// the events of 18–21 March 2025, written by the trucewatch authors in their
// own words in German, English, Ukrainian and Russian. The outlets and URLs
// are invented; the events are public facts. "trucewatch demo" runs on them.
package examples

import "embed"

// FS holds reports/*.txt.
//
//go:embed reports/*.txt
var FS embed.FS

// ReportsDir is the folder of FS that holds the reports.
const ReportsDir = "reports"
