package shareddata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestModuleRoot(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("root %s has no go.mod", root)
	}
}

// TestDirMissing: a folder that does not exist skips the test, or fails it
// in CI. The check runs in a subtest on a recorder, so that this test
// itself neither skips nor fails.
func TestDirMissing(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		rec := &recorder{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			Dir(rec, "no-such-folder-for-this-test")
		}()
		<-done
		if ci == "true" && !rec.failed || ci == "" && !rec.skipped {
			t.Errorf("CI=%q: failed=%v skipped=%v", ci, rec.failed, rec.skipped)
		}
	}
}

// recorder notes a skip or a failure and ends the goroutine, as testing
// does, without touching the real test.
type recorder struct {
	testing.TB
	failed, skipped bool
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(string, ...any) {
	r.failed = true
	runtime.Goexit()
}
func (r *recorder) Skipf(string, ...any) {
	r.skipped = true
	runtime.Goexit()
}
