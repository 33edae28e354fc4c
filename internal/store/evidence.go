package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/ledger"
	"golang.org/x/mod/sumdb/tlog"
)

// Evidence is a stored row (or set of rows) in the canonical form its
// ledger record hashes, with that record: what a bundle carries so that
// anyone can re-hash it (docs/ledger.md, "Bundles").
type Evidence struct {
	Table   string // incidents, assessments, claims, reports, decisions, agreements
	Subject string // the incident, report, decision or agreement ID
	Index   int64  // the index of its latest ledger record
	Record  ledger.Record
	Canon   []byte // the canonical bytes the record's hash is the SHA-256 of
	Raw     []byte // reports: the raw bytes, whose SHA-256 the row holds
}

// CheckpointFunc gives the signed checkpoint a bundle's proofs are made
// in, and its tree: the current tree's, signed now, or a saved one
// (witnessed) that the log's tree holds.
type CheckpointFunc func(ctx context.Context, l *ledger.Log) ([]byte, tlog.Tree, error)

// Bundle is the incident's evidence (IncidentEvidence) with each item's
// inclusion proof in the tree of the checkpoint that signed gives, and
// pub, the log's public key, named for whoever checks it (docs/ledger.md,
// "Bundles").
func (s *Store) Bundle(ctx context.Context, incidentID string, signed CheckpointFunc, pub string) (*ledger.Bundle, error) {
	ev, err := s.IncidentEvidence(ctx, incidentID)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	cp, tree, err := signed(ctx, s.ledger)
	if err != nil {
		return nil, err
	}
	b := &ledger.Bundle{Format: ledger.BundleFormat, Incident: incidentID, Checkpoint: string(cp), PublicKey: pub}
	for _, it := range ev {
		if it.Index >= tree.N {
			return nil, fmt.Errorf("bundle: %s %s: its record %d is newer than the checkpoint's tree of %d records: take a newer checkpoint", it.Table, it.Subject, it.Index, tree.N)
		}
		p, err := s.ledger.ProveRecord(ctx, it.Index, tree)
		if err != nil {
			return nil, err
		}
		b.Items = append(b.Items, ledger.BundleItem{Table: it.Table, Subject: it.Subject, Row: it.Canon, Raw: it.Raw,
			Proof: ledger.NewInclusion(it.Index, it.Record, tree.N, p)})
	}
	return b, nil
}

// IncidentEvidence returns, read in one snapshot, the incident's row, its
// assessment set, the claim sets and rows of the reports its claims come
// from, the analysts' decisions on claims of those reports or on the
// incident, and the agreements it was assessed under, each with its
// latest ledger record. A row that does not re-hash to its record is an error:
// the database no longer matches its ledger (verify says where).
func (s *Store) IncidentEvidence(ctx context.Context, incidentID string) ([]Evidence, error) {
	var out []Evidence
	err := s.readTx(ctx, func(q querier) error {
		var err error
		out, err = incidentEvidence(ctx, q, incidentID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("evidence of incident %s: %w", incidentID, err)
	}
	for i, e := range out {
		idx, rec, err := s.ledger.Latest(ctx, e.Record.Kind, e.Subject)
		if err != nil {
			return nil, fmt.Errorf("evidence of incident %s: %s %s: %w", incidentID, e.Table, e.Subject, err)
		}
		if rec != e.Record {
			return nil, fmt.Errorf("evidence of incident %s: %s %s does not match its ledger record %d (%s): run verify: %w",
				incidentID, e.Table, e.Subject, idx, rec.Key, trucewatch.ErrConflict)
		}
		out[i].Index = idx
	}
	return out, nil
}

func incidentEvidence(ctx context.Context, q querier, id string) ([]Evidence, error) {
	rows := func(query string, args []any, fn func(scan func(...any) error) error) error {
		return eachRow(ctx, q, query, args, fn)
	}
	var out []Evidence
	add := func(table, subject, kind, key string, canon, raw []byte) {
		out = append(out, Evidence{Table: table, Subject: subject, Canon: canon, Raw: raw,
			Record: ledger.Record{Kind: kind, Key: key, Hash: sha256.Sum256(canon)}})
	}

	var inc incidentRow
	found := false
	err := rows(`SELECT `+incidentRowColumns+` FROM incidents WHERE id = $1`, []any{id}, func(scan func(...any) error) error {
		found = true
		return scan(&inc.ID, &inc.DayFrom, &inc.DayTo, &inc.PlaceID, &inc.PlaceName, &inc.Admin1, &inc.Country, &inc.Precision, &inc.Lat, &inc.Lon,
			&inc.Target, &inc.TargetDetail, &inc.Accused, &inc.Claims, &inc.Body, &inc.Generation)
	})
	if err != nil {
		return nil, fmt.Errorf("read incident: %w", err)
	}
	if !found {
		return nil, fmt.Errorf("incident %s: %w", id, trucewatch.ErrNotFound)
	}
	add("incidents", id, ledger.KindIncident, versionKey(id, inc.Generation), canonJSON(inc), nil)

	var assessed []assessmentRow
	agreementIDs := map[string]bool{}
	err = rows(`SELECT `+assessmentColumns+` FROM assessments WHERE incident_id = $1`,
		[]any{id}, func(scan func(...any) error) error {
			a, err := scanAssessmentRow(scan)
			if err != nil {
				return err
			}
			assessed = append(assessed, a)
			agreementIDs[a.AgreementID] = true
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read assessments: %w", err)
	}
	add("assessments", id, ledger.KindAssessment, versionKey(id, inc.Generation), assessmentSetCanon(assessed), nil)

	// The reports the incident's claims come from: each whole claim set,
	// since a set is one record, and the report row with its raw bytes.
	var reportIDs []string
	err = rows(`SELECT DISTINCT report_id FROM claims WHERE incident_id = $1 ORDER BY report_id`, []any{id}, func(scan func(...any) error) error {
		var r string
		if err := scan(&r); err != nil {
			return err
		}
		reportIDs = append(reportIDs, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the incident's claims: %w", err)
	}
	for _, rid := range reportIDs {
		var r trucewatch.Report
		var raw []byte
		var published, meta, extractor string
		var ingested time.Time
		err := rows(`SELECT `+reportRowColumns+` FROM reports WHERE id = $1`,
			[]any{rid}, func(scan func(...any) error) error {
				return scan(&r.ID, &raw, &r.Text, &r.Language, &published, &r.URL, &r.Outlet, &r.Title, &meta, &r.Origin, &ingested, &extractor)
			})
		if err != nil {
			return nil, fmt.Errorf("read report %s: %w", rid, err)
		}
		if r.ID == "" {
			return nil, fmt.Errorf("report %s of a claim of the incident: %w", rid, trucewatch.ErrNotFound)
		}
		if r.Published, err = trucewatch.ParsePublished(published); published != "" && err != nil {
			return nil, fmt.Errorf("report %s: published %q: %w", rid, published, err)
		}
		if err := json.Unmarshal([]byte(meta), &r.Metadata); err != nil {
			return nil, fmt.Errorf("report %s: metadata: %w", rid, err)
		}
		var set []claimRow
		err = rows(claimRowSelect+` WHERE report_id = $1`,
			[]any{rid}, func(scan func(...any) error) error {
				c, body, err := scanClaimRow(scan)
				if err != nil {
					return err
				}
				if c.Body, err = canonClaimBody(body); err != nil {
					return fmt.Errorf("claim %s: body: %w", c.ID, err)
				}
				set = append(set, c)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("read the claims of report %s: %w", rid, err)
		}
		add("claims", rid, ledger.KindClaims, claimsKey(rid, extractor), claimSetCanon(set), nil)
		add("reports", rid, ledger.KindReport, rid, reportCanon(r, sha256.Sum256(raw), ingested), raw)
	}

	// The analysts' decisions on claims of those reports, or on the
	// incident itself (a merge or split names it), in the order made.
	w := &where{args: []any{id}}
	onReports := ""
	if len(reportIDs) > 0 {
		ids := make([]any, len(reportIDs))
		for i, rid := range reportIDs {
			ids[i] = rid
		}
		onReports = ` OR id IN (SELECT decision_id FROM decision_reports WHERE report_id IN (` + w.list(ids) + `))`
	}
	err = rows(`SELECT `+decisionColumns+` FROM decisions WHERE subject = $1`+onReports+` ORDER BY id`,
		w.args, func(scan func(...any) error) error {
			d, err := scanDecisionRow(scan)
			if err != nil {
				return err
			}
			key := strconv.FormatInt(d.ID, 10)
			add("decisions", key, ledger.KindDecision, key, canonJSON(d), nil)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read the decisions on the incident's claims: %w", err)
	}

	for _, aid := range sortedKeys(agreementIDs) {
		var a trucewatch.Agreement
		var to sql.NullTime
		var status, body string
		err := rows(`SELECT `+agreementRowColumns+` FROM agreements WHERE id = $1`,
			[]any{aid}, func(scan func(...any) error) error {
				return scan(&a.ID, &a.Version, &a.Title, &status, &a.Norm, &a.Effective.From, &to, &body)
			})
		if err != nil {
			return nil, fmt.Errorf("read agreement %s: %w", aid, err)
		}
		if a.ID == "" {
			return nil, fmt.Errorf("agreement %s of an assessment: %w", aid, trucewatch.ErrNotFound)
		}
		a.Status, a.Effective.To = trucewatch.AgreementStatus(status), to.Time
		canon, err := agreementCanon(a, []byte(body))
		if err != nil {
			return nil, fmt.Errorf("agreement %s: body: %w", aid, err)
		}
		add("agreements", aid, ledger.KindAgreement, agreementKey(a.ID, a.Version), canon, nil)
	}
	return out, nil
}
