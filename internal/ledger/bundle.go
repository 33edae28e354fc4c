package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// BundleFormat is the format line of the bundles this package writes.
const BundleFormat = "trucewatch-bundle/1"

// Bundle is an incident's evidence in one JSON file (docs/ledger.md,
// "Bundles"): its rows in canonical form, each with the inclusion proof of
// its ledger record in the tree of the signed checkpoint. Anyone can check
// it with the log's public key alone (Bundle.Verify): no database, no
// server.
type Bundle struct {
	Format     string       `json:"format"`
	Incident   string       `json:"incident"`
	Checkpoint string       `json:"checkpoint"` // the signed checkpoint the proofs are in
	PublicKey  string       `json:"public_key"` // the log's verifier key, as the maker knew it
	Items      []BundleItem `json:"items"`
}

// BundleItem is one row or set of rows: its table, its subject, its
// canonical bytes (JSON, as hashed: compact), the raw bytes of a report,
// and the inclusion proof of its record.
type BundleItem struct {
	Table   string          `json:"table"`
	Subject string          `json:"subject"`
	Row     json.RawMessage `json:"row"`
	Raw     []byte          `json:"raw,omitempty"` // reports: the raw bytes (base64 in the file)
	Proof   Inclusion       `json:"proof"`
}

// tableKinds are the record kinds of the tables a bundle carries.
var tableKinds = map[string]string{"incidents": KindIncident, "assessments": KindAssessment,
	"claims": KindClaims, "reports": KindReport, "agreements": KindAgreement, "decisions": KindDecision}

// Verify checks the bundle with the log's public keys (and, given
// witnesses, their cosignatures): the checkpoint's signature; for each
// item, that its row re-hashes to its record's hash, that the record's
// kind and key name the item's table and subject, and that its proof
// leads to the checkpoint's root; for each report, that its raw bytes
// re-hash to its ID and to the raw_sha256 of its row; and that the
// incident, its assessments and the claims and reports of its claims are
// all there. It returns the checkpoint and one line per problem, each
// naming the table and subject.
func (b *Bundle) Verify(logKeys, witnesses []note.Verifier) (Checkpoint, []string, error) {
	if b.Format != BundleFormat {
		return Checkpoint{}, nil, fmt.Errorf("bundle: format %q, want %q", b.Format, BundleFormat)
	}
	cp, err := VerifyWitnessed([]byte(b.Checkpoint), logKeys, witnesses)
	if err != nil {
		return Checkpoint{}, nil, fmt.Errorf("bundle: %w", err)
	}
	var problems []string
	bad := func(it BundleItem, format string, args ...any) {
		problems = append(problems, it.Table+" "+it.Subject+": "+fmt.Sprintf(format, args...))
	}
	have := map[string]map[string]bool{}
	for _, it := range b.Items {
		if have[it.Table] == nil {
			have[it.Table] = map[string]bool{}
		}
		have[it.Table][it.Subject] = true
		kind, ok := tableKinds[it.Table]
		if !ok {
			bad(it, "unknown table")
			continue
		}
		var row bytes.Buffer
		if err := json.Compact(&row, it.Row); err != nil {
			bad(it, "the row is not JSON: %v", err)
			continue
		}
		sum := sha256.Sum256(row.Bytes())
		switch {
		case it.Proof.Kind != kind:
			bad(it, "its record %d is a %q record, not %q", it.Proof.Index, it.Proof.Kind, kind)
		case it.Proof.Key != it.Subject && subjectOfKey(kind, it.Proof.Key) != it.Subject:
			bad(it, "its record %d is of %q, another subject", it.Proof.Index, it.Proof.Key)
		case it.Proof.Hash != hex.EncodeToString(sum[:]):
			bad(it, "the row does not re-hash to its ledger record %d (%s): it was changed", it.Proof.Index, it.Proof.Key)
		}
		if err := it.Proof.Check(cp.Tree); err != nil {
			bad(it, "the inclusion proof fails: %v", err)
		}
		if it.Table == "reports" {
			var r struct {
				ID        string `json:"id"`
				RawSHA256 string `json:"raw_sha256"`
			}
			raw := sha256.Sum256(it.Raw)
			if err := json.Unmarshal(row.Bytes(), &r); err != nil {
				bad(it, "the row does not read as a report: %v", err)
			} else if h := hex.EncodeToString(raw[:]); h != r.RawSHA256 || h != it.Subject || r.ID != it.Subject {
				bad(it, "the raw bytes do not re-hash to the report's ID and raw_sha256: they were changed")
			}
		}
	}
	// What the incident needs: itself, its assessments, and for each
	// report of its claims both the claim set and the report.
	need := func(table, subject string) {
		if !have[table][subject] {
			problems = append(problems, fmt.Sprintf("%s %s: missing from the bundle", table, subject))
		}
	}
	need("incidents", b.Incident)
	need("assessments", b.Incident)
	for id := range have["claims"] {
		need("reports", id)
	}
	for id := range have["reports"] {
		need("claims", id)
	}
	return cp, problems, nil
}

// subjectOfKey is a versioned key without its version: a claim set's
// key up to its first ":" (report IDs hold none), others' up to their
// last.
func subjectOfKey(kind, key string) string {
	if kind == KindClaims {
		s, _, _ := strings.Cut(key, ":")
		return s
	}
	if i := strings.LastIndexByte(key, ':'); i >= 0 {
		return key[:i]
	}
	return ""
}
