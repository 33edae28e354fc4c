package trucewatch

import (
	"fmt"
	"time"
)

// Date is a calendar day with no time of day and no zone, as reports give
// them ("am Mittwoch", "19 March"). The zero Date means "not known".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD: %w", s, ErrInvalid)
	}
	return DateOf(t), nil
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time(time.UTC).AddDate(0, 0, n)) }

// Sub returns the number of days from e to d.
func (d Date) Sub(e Date) int {
	return int(d.Time(time.UTC).Sub(e.Time(time.UTC)).Hours() / 24)
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Sub(e) < 0 }

// String formats d as "2006-01-02", or "" when unknown.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// MarshalText writes "2006-01-02"; an unknown date is written as "".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "2006-01-02"; "" is an unknown date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	x, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = x
	return nil
}

// Published is when a report says it was published: either a calendar day
// ("2025-03-19") or an instant with its UTC offset (RFC 3339). It anchors the
// report's relative dates ("yesterday", "am Dienstag"); the zero value means
// the report did not say, and relative dates then stay unresolved.
type Published struct {
	// Time is the instant in the report's own offset, or midnight UTC of the
	// day when only the day is known.
	Time time.Time
	// DateOnly is true when the report gave a day and no time of day.
	DateOnly bool
}

// ParsePublished parses a report's Published value: "2006-01-02" or RFC 3339.
func ParsePublished(s string) (Published, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return Published{Time: t, DateOnly: true}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return Published{}, fmt.Errorf("cannot parse %q: want YYYY-MM-DD or an RFC 3339 time such as 2025-03-19T06:30:00+02:00: %w", s, ErrInvalid)
	}
	return Published{Time: t}, nil
}

// IsZero reports whether the publication time is unknown.
func (p Published) IsZero() bool { return p.Time.IsZero() }

// Date is the calendar day of publication where the report was written.
func (p Published) Date() Date {
	if p.IsZero() {
		return Date{}
	}
	return DateOf(p.Time)
}

// String gives the form ParsePublished reads, or "" when unknown.
func (p Published) String() string {
	switch {
	case p.IsZero():
		return ""
	case p.DateOnly:
		return p.Time.Format(time.DateOnly)
	default:
		return p.Time.Format(time.RFC3339)
	}
}
