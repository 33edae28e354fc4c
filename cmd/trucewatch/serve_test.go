package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch/internal/store"
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

// TestServeReadyWhenCaughtUp: serve started over a queue of reports
// (ingest --no-wait) listens at once, answers /healthz, and says "not
// ready: analysis" on /readyz until the queue is analysed: when /readyz
// first answers 200, no report waits.
func TestServeReadyWhenCaughtUp(t *testing.T) {
	dir, env, _ := workDir(t)
	// A backlog that takes a while to analyse: 600 reports of our own.
	places := []string{"Kherson", "Sumy", "Kharkiv", "Odesa", "Zaporizhzhia", "Dnipro", "Mykolaiv", "Poltava", "Chernihiv", "Kryvyi Rih"}
	backlog := filepath.Join(dir, "backlog")
	if err := os.Mkdir(backlog, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 600 {
		text := fmt.Sprintf("Outlet: Test Wire\nLanguage: en\nPublished: 2025-03-%02d\n\nA drone struck a power substation in %s overnight, report %d of the regional governor said.",
			1+i%28, places[i%len(places)], i)
		if err := os.WriteFile(filepath.Join(backlog, fmt.Sprintf("r%03d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errOut := run(t, "", env, "ingest", "--no-wait", backlog); code != exitOK {
		t.Fatalf("ingest --no-wait: %s %s", out, errOut)
	}
	ctx := context.Background()
	addr, _ := startServe(t, env)
	status := func(path string) (int, string) { return serveGet(t, addr, path) }
	if code, _ := status("/healthz"); code != 200 {
		t.Errorf("/healthz while analysing: %d", code)
	}
	notReady := 0
	for deadline := time.Now().Add(120 * time.Second); ; notReady++ {
		code, body := status("/readyz")
		if code == 200 {
			break
		}
		if code != 503 || !strings.Contains(body, "analysis") {
			t.Fatalf("/readyz before ready: %d %q", code, body)
		}
		if time.Now().After(deadline) {
			t.Fatalf("never ready: %q", body)
		}
		time.Sleep(150 * time.Millisecond) // within the default rate limit, 10 requests a second
	}
	if notReady == 0 {
		t.Error("ready at once: serve did not listen before it analysed the backlog")
	}
	s, err := store.Open(ctx, env["TRUCEWATCH_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, err := s.PipelineStatus(ctx); err != nil || st.Analysed != 600 || st.Stored+st.Extracted != 0 {
		t.Errorf("ready, but the reports by stage are %+v (%v): want 600 analysed", st, err)
	}
}

// serveGet fetches path from the server startServe started at addr: its
// status and body.
func serveGet(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// startServe runs serve with args on a free port of 127.0.0.1 until the
// test ends (it must then exit cleanly), and returns its address once it
// says it serves, and what it has written so far when called.
func startServe(t *testing.T, env map[string]string, args ...string) (addr string, said func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	served := make(chan int, 1)
	go func() {
		served <- Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), &out, &errOut,
			func(k string) string { return env[k] })
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-served; code != exitOK {
			t.Errorf("serve: exit %d %s", code, errOut.String())
		}
	})
	for deadline := time.Now().Add(30 * time.Second); ; {
		if _, rest, ok := strings.Cut(out.String(), "serving the dashboard at http://"); ok {
			addr, _, _ := strings.Cut(rest, "/")
			return addr, func() string { return out.String() + errOut.String() }
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s %s", out.String(), errOut.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}
