// Package trucewatch holds the vocabulary of a ceasefire monitor: reports and
// their sources, the claims extracted from them, places, incidents,
// agreements and the assessments that judge incidents against agreements.
//
// The package is the shared language of every other package. It uses the
// standard library only and does no I/O: storage, HTTP and the processing
// stages live in their own packages and exchange the values defined here.
package trucewatch
