package geo

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/trucewatch/trucewatch/examples"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// corpus returns about n bytes of report text in the four languages: the
// example reports, repeated.
func corpus(tb testing.TB, n int) string {
	tb.Helper()
	var texts []string
	names, _ := fs.Glob(examples.FS, examples.ReportsDir+"/*.txt")
	for _, name := range names {
		raw, _ := fs.ReadFile(examples.FS, name)
		r, err := reportfile.Parse(name, raw)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, r.Text)
	}
	var b strings.Builder
	for b.Len() < n {
		for _, t := range texts {
			b.WriteString(t)
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// BenchmarkScan measures finding and resolving place mentions, in MB/s of
// text on one core.
//
//	go test -run '^$' -bench Scan -cpu 1 ./internal/geo
func BenchmarkScan(b *testing.B) {
	g := mustGazetteer(b)
	text := corpus(b, 4<<20)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		if len(g.Scan(text)) == 0 {
			b.Fatal("no mentions")
		}
	}
}

// BenchmarkScanVsGrep runs the scanner and "grep -F -f names.txt" over the
// same text and the same names (every normalised spelling the gazetteer
// indexes) in one run and reports both speeds and their ratio. grep has the
// easier job: it only finds the literal names, while Scan also folds case
// and diacritics, inflects, ranks and resolves them.
//
//	go test -run '^$' -bench ScanVsGrep -benchtime 1x -cpu 1 ./internal/geo
func BenchmarkScanVsGrep(b *testing.B) {
	grep, err := exec.LookPath("grep")
	if err != nil {
		b.Skip("no grep on this machine")
	}
	g := mustGazetteer(b)
	text := corpus(b, 16<<20)
	dir := b.TempDir()
	textPath, namesPath := filepath.Join(dir, "text.txt"), filepath.Join(dir, "names.txt")
	var names bytes.Buffer
	for i := range g.names {
		for j, w := range g.wordsOf(&g.names[i]) {
			if j > 0 {
				names.WriteByte(' ')
			}
			names.WriteString(w.full)
		}
		names.WriteByte('\n')
	}
	if err := os.WriteFile(namesPath, names.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(textPath, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var scanTime, grepTime time.Duration
	for range b.N {
		t0 := time.Now()
		g.Scan(text)
		scanTime += time.Since(t0)

		cmd := exec.Command(grep, "-F", "-c", "-f", namesPath, textPath)
		cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
		t0 = time.Now()
		if out, err := cmd.CombinedOutput(); err != nil && cmd.ProcessState.ExitCode() > 1 {
			b.Fatalf("grep: %v: %s", err, out)
		}
		grepTime += time.Since(t0)
	}
	mb := float64(len(text)*b.N) / 1e6
	b.ReportMetric(mb/scanTime.Seconds(), "scan-MB/s")
	b.ReportMetric(mb/grepTime.Seconds(), "grep-MB/s")
	b.ReportMetric(grepTime.Seconds()/scanTime.Seconds(), "scan/grep-speed")
	b.ReportMetric(float64(len(text))/1e6, "text-MB")
	b.ReportMetric(float64(names.Len())/1e6, "names-MB")
}

// BenchmarkLoad measures loading the embedded gazetteer and the heap it
// keeps.
//
//	go test -run '^$' -bench Load -benchtime 10x ./internal/geo
func BenchmarkLoad(b *testing.B) {
	var kept uint64
	for range b.N {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		g, err := Load()
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(g)
		b.StartTimer()
	}
	b.ReportMetric(float64(kept)/(1<<20), "heap-MB")
}
