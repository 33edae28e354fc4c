// Package agreements reads agreement files, the machine-readable terms that
// incidents are assessed against, and ships the agreements and standing
// norms trucewatch knows of (the *.json files beside this one).
//
// The format is described in docs/agreement-format.md. A file is one JSON
// object: the fields of trucewatch.Agreement plus "format", which must be
// FormatV1. Unknown fields are errors, so a typo never silently drops a term.
package agreements

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/trucewatch/trucewatch"
)

// FormatV1 is the value of the "format" field of version 1 files.
const FormatV1 = "trucewatch.agreement.v1"

//go:embed *.json
var known embed.FS

// file is the on-disk form of an agreement.
type file struct {
	Format string `json:"format"`
	trucewatch.Agreement
}

// Parse reads one agreement file; name is used in errors.
func Parse(name string, data []byte) (trucewatch.Agreement, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return trucewatch.Agreement{}, fmt.Errorf("%s: %w: %w", name, trucewatch.ErrInvalid, locate(data, err))
	}
	if dec.More() {
		return trucewatch.Agreement{}, fmt.Errorf("%s: %w: more than one JSON value", name, trucewatch.ErrInvalid)
	}
	if f.Format != FormatV1 {
		return trucewatch.Agreement{}, fmt.Errorf("%s: %w: format %q: want %q", name, trucewatch.ErrInvalid, f.Format, FormatV1)
	}
	if err := f.Validate(); err != nil {
		return trucewatch.Agreement{}, fmt.Errorf("%s: %w", name, err)
	}
	return f.Agreement, nil
}

// ParseFile reads the agreement file at path.
func ParseFile(path string) (trucewatch.Agreement, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return trucewatch.Agreement{}, fmt.Errorf("read agreement: %w", err)
	}
	return Parse(path, data)
}

// Marshal writes a in the file format, indented for review.
func Marshal(a trucewatch.Agreement) ([]byte, error) {
	b, err := json.MarshalIndent(file{Format: FormatV1, Agreement: a}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("marshal agreement %s: %w", a.ID, err)
	}
	return append(b, '\n'), nil
}

// Known returns the agreements and norms shipped with trucewatch.
func Known() ([]trucewatch.Agreement, error) {
	names, err := fs.Glob(known, "*.json")
	if err != nil {
		return nil, err
	}
	var out []trucewatch.Agreement
	for _, n := range names {
		data, err := known.ReadFile(n)
		if err != nil {
			return nil, err
		}
		a, err := Parse("agreements/"+n, data)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// locate adds the line and column to JSON syntax and type errors.
func locate(data []byte, err error) error {
	var off int64
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	default:
		return err
	}
	off = min(off, int64(len(data)))
	line := bytes.Count(data[:off], []byte("\n")) + 1
	col := off - int64(bytes.LastIndexByte(data[:off], '\n')) - 1 // the byte the decoder stopped at
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}
