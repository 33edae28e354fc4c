package when

import (
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// benchDates is a mix of the four languages in the shape of a short
// report, with a date or a time in every sentence.
var benchDates = strings.Repeat(`Am frühen Mittwochmorgen meldete die Regionalverwaltung neue Angriffe auf die Stadt; gegen 23.00 Uhr fielen nach Angaben der Behörden mehrere Drohnen auf ein Lagerhaus.
In den vergangenen 24 Stunden zählte das Militär 112 Gefechte entlang der Front, am 19.03.2025 war es ruhiger.
Officials said on Saturday that the strike at 9:12 p.m. on April 14 hit a school, and three days ago a depot burned; talks are planned for May 8-11.
У ніч на 25 квітня ворог запустив 40 дронів, о 21.31 год пролунали вибухи; у вересні 2024 року ситуація була подібною.
В ночь с 8 на 9 мая силы ПВО сбили 20 беспилотников, за последние сутки погибли двое мирных жителей, три дня назад обстрел повторился.
`, 4)

// benchProse is the common case: report text with few or no dates.
var benchProse = strings.Repeat(`Die Regionalverwaltung meldete neue Angriffe auf die Stadt, nach Angaben der Behörden fielen mehrere Drohnen auf ein Lagerhaus und beschädigten 12 Wohnhäuser.
The ministry said its air defence shot down most of the missiles, while debris damaged a power line and left 3000 homes without electricity in the region.
Ворог продовжує обстрілювати прикордонні громади, внаслідок атаки пошкоджено адмінбудівлю та два приватні будинки, постраждалих немає.
Силы ПВО перехватили несколько беспилотников над областью, обломки упали на территории промышленного предприятия, возник пожар.
`, 4)

func BenchmarkFind(b *testing.B) {
	anchor := trucewatch.Date{Year: 2025, Month: 3, Day: 19}
	for _, bc := range []struct{ name, text string }{{"dates", benchDates}, {"prose", benchProse}} {
		b.Run(bc.name, func(b *testing.B) {
			ws := lang.Words(bc.text)
			b.ReportAllocs()
			for b.Loop() {
				Find(bc.text, ws, anchor)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(ws)), "ns/word")
		})
	}
}
