package trucewatch

import "errors"

// Sentinel errors shared by every package. Wrap them with context
// (fmt.Errorf("open report %s: %w", id, ErrNotFound)) and test with errors.Is.
var (
	// ErrNotFound: the thing asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: the input breaks a rule of the domain or of a file format.
	ErrInvalid = errors.New("invalid")
	// ErrConflict: the input contradicts what is already stored.
	ErrConflict = errors.New("conflict")
)
