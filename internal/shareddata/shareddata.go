// Package shareddata finds the project's shared test data: real reports
// with gold annotations (../shared/seeds, ../shared/devset-real) that sit
// beside a developer's or CI's checkout but are not part of the repository,
// because the texts are third-party copyrighted.
//
// A test that needs them calls Dir: without them it is skipped with a
// message that says where they were looked for, except in CI
// (CI=true), which always has them, where their absence fails the test.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the path of ../shared/NAME beside the module's root, or
// skips tb (fails it when CI=true) if that folder is missing.
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	root, err := moduleRoot()
	if err != nil {
		tb.Fatalf("shared data: %v", err)
	}
	dir := filepath.Join(filepath.Dir(root), "shared", name)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared data %s is missing, and CI=true always has it", dir)
		}
		tb.Skipf("shared data %s not found: it sits beside a developer's checkout, not in a user's clone", dir)
	}
	return dir
}

// moduleRoot walks up from the working directory (a test runs in its
// package's folder) to the folder that holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
