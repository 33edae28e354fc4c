package ingest

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trucewatch/trucewatch/internal/store"
)

// generated returns n distinct report files of about 1.5 KB each, in four
// languages, as an in-memory folder.
func generated(n int) fstest.MapFS {
	sentences := map[string][]string{
		"de": {"In der Nacht griffen Drohnen die Stadt an.", "Nach Angaben der Behörden fiel der Strom aus.", "Ein Krankenhaus wurde beschädigt.", "Die Regierung sprach von einem Bruch der Vereinbarung."},
		"en": {"Drones struck the city overnight.", "Officials said power was cut to several districts.", "A hospital was damaged.", "The ministry called it a breach of the moratorium."},
		"uk": {"Вночі безпілотники атакували місто.", "За даними ОВА, частина району залишилася без світла.", "Пошкоджено лікарню.", "У відомстві назвали це порушенням домовленості."},
		"ru": {"Ночью беспилотники атаковали город.", "По данным властей, часть района осталась без света.", "Повреждена больница.", "В министерстве назвали это нарушением договоренности."},
	}
	langs := []string{"de", "en", "uk", "ru"}
	rng := rand.New(rand.NewPCG(1, 2))
	fsys := fstest.MapFS{}
	for i := range n {
		lang := langs[i%4]
		var b strings.Builder
		fmt.Fprintf(&b, "URL: https://example.org/generated/%d\nOutlet: Generated Outlet %d\nLanguage: %s\nPublished: 2025-03-%02dT%02d:%02d:00+02:00\n\n",
			i, i%200, lang, 18+i%4, i%24, i%60)
		fmt.Fprintf(&b, "Report %d. ", i) // makes every report distinct
		for b.Len() < 1500 {
			s := sentences[lang]
			b.WriteString(s[rng.IntN(len(s))])
			b.WriteByte(' ')
		}
		fsys[fmt.Sprintf("r/%06d.txt", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// BenchmarkIngest100k ingests 100,000 generated reports into a fresh SQLite
// database per iteration, through the same path as "trucewatch ingest"
// (parse, batch, store), and reports reports/s and bytes on disk per report.
//
//	go test -run '^$' -bench Ingest100k -benchtime 1x ./internal/ingest
func BenchmarkIngest100k(b *testing.B) {
	const n = 100_000
	fsys := generated(n)
	var textBytes int
	for _, f := range fsys {
		textBytes += len(f.Data)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		path := filepath.Join(dir, "bench.db")
		db, err := store.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := (&Ingester{Store: db}).FS(context.Background(), fsys, "r")
		b.StopTimer()
		if err != nil || sum.New != n {
			b.Fatalf("ingest: %+v, %v", sum, err)
		}
		db.Close() // checkpoints the WAL into the main file
		b.ReportMetric(float64(dirSize(b, dir))/n, "disk-bytes/report")
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "reports/s")
	b.ReportMetric(float64(textBytes)/n, "file-bytes/report")
}

func dirSize(b *testing.B, dir string) int64 {
	var total int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	if total == 0 {
		b.Fatal("database files not found")
	}
	return total
}
