package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestLogFormat: --log-format json makes serve's logs JSON lines at the
// level of TRUCEWATCH_LOG; anything but text or json is a usage error.
func TestLogFormat(t *testing.T) {
	if code, _, errOut := run(t, "", nil, "serve", "--log-format", "xml"); code != exitUsage || !strings.Contains(errOut, `"xml": want text or json`) {
		t.Errorf("--log-format xml: exit %d, stderr %q", code, errOut)
	}
	var buf bytes.Buffer
	e := &env{stderr: &buf, getenv: func(k string) string { return map[string]string{"TRUCEWATCH_LOG": "warn"}[k] }}
	f := webFlags{}
	if err := f.logFormat.Set("json"); err != nil {
		t.Fatal(err)
	}
	f.useLogFormat(e)
	e.log.Info("hidden")
	e.log.Warn("shown", "status", 503)
	var line struct {
		Level, Msg string
		Status     int
	}
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil || line.Level != "WARN" || line.Msg != "shown" || line.Status != 503 {
		t.Errorf("log %q: %+v, %v", buf.String(), line, err)
	}
}
