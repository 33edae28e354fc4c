package when

import (
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

func TestFind(t *testing.T) {
	wed := trucewatch.Date{Year: 2025, Month: 3, Day: 19} // a Wednesday
	tests := []struct {
		text   string
		anchor trucewatch.Date
		want   string // the first expression's date, "" for unresolved, "-" for none
		night  bool
		future bool
	}{
		{"Seit dem frühen Mittwochmorgen gab es Luftalarm", wed, "2025-03-19", false, false},
		{"haben am Dienstag miteinander telefoniert", wed, "2025-03-18", false, false},
		{"In der Nacht zu Mittwoch griffen Drohnen an", wed, "2025-03-19", true, false},
		{"in der Nacht auf den 19. März", wed, "2025-03-19", true, false},
		{"Am kommenden Sonntag soll in Dschidda", wed, "2025-03-23", false, true},
		{"am vergangenen Mittwoch", wed, "2025-03-12", false, false},
		{"gestern Abend", wed, "2025-03-18", false, false},
		{"Russia launched drones overnight", wed, "2025-03-19", true, false},
		{"On Friday the ministry said", wed, "2025-03-14", false, false},
		{"next Friday", wed, "2025-03-21", false, true},
		{"on March 21, 2025", wed, "2025-03-21", false, true},
		{"on 18 March", wed, "2025-03-18", false, false},
		{"yesterday", trucewatch.Date{}, "", false, false},
		{"Вночі ворог атакував", wed, "2025-03-19", true, false},
		{"вчора ввечері", wed, "2025-03-18", false, false},
		{"у вівторок", wed, "2025-03-18", false, false},
		{"в ніч на 19 березня", wed, "2025-03-19", true, false},
		{"у ніч проти середи", wed, "2025-03-19", true, false},
		{"в ночь на 19 марта", wed, "2025-03-19", true, false},
		{"во вторник", wed, "2025-03-18", false, false},
		{"в пятницу", trucewatch.Date{Year: 2025, Month: 3, Day: 21}, "2025-03-21", false, false},
		{"вчера", wed, "2025-03-18", false, false},
		{"27 декабря", trucewatch.Date{Year: 2025, Month: 1, Day: 3}, "2024-12-27", false, false},
		{"am 19.03.2025", wed, "2025-03-19", false, false},
		{"2025-03-19", wed, "2025-03-19", false, false},
		{"31. Februar", wed, "", false, false},
		{"die 30-tägige Waffenruhe", wed, "-", false, false},
		{"175 Gefangene", wed, "-", false, false},
	}
	for _, tt := range tests {
		es := Find(tt.text, lang.Words(tt.text), tt.anchor)
		if tt.want == "-" {
			if len(es) > 0 {
				t.Errorf("%q: found %+v, want nothing", tt.text, es[0])
			}
			continue
		}
		if len(es) == 0 {
			t.Errorf("%q: no date found", tt.text)
			continue
		}
		e := es[0]
		if e.Date.String() != tt.want || e.Night != tt.night || e.Future != tt.future || (tt.want == "") != e.Unresolved {
			t.Errorf("%q: %s night=%v future=%v unresolved=%v; want %q night=%v future=%v", tt.text, e.Date, e.Night, e.Future, e.Unresolved, tt.want, tt.night, tt.future)
		}
		if got := tt.text[e.Start:e.End]; got == "" {
			t.Errorf("%q: empty span", tt.text)
		}
	}
}
