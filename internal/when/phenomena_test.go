package when

import (
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/lang"
)

// wed is the publication day of most cases below: Wednesday, 19 March 2025.
var wed = trucewatch.Date{Year: 2025, Month: 3, Day: 19}

// exprCase is one sentence and the first date expression expected in it.
type exprCase struct {
	text   string
	anchor trucewatch.Date
	want   string // the date; "" for unresolved, "-" for no expression at all
	prec   trucewatch.DatePrecision
	night  bool
	future bool
	span   string // the words of the expression, when worth checking
}

func checkFirst(t *testing.T, tests []exprCase) {
	t.Helper()
	for _, tt := range tests {
		es := Find(tt.text, lang.Words(tt.text), tt.anchor)
		if tt.want == "-" {
			if len(es) > 0 {
				t.Errorf("%q: found %s %+v, want nothing", tt.text, tt.text[es[0].Start:es[0].End], es[0])
			}
			continue
		}
		if len(es) == 0 {
			t.Errorf("%q: no date found", tt.text)
			continue
		}
		e := es[0]
		prec := tt.prec
		if prec == "" {
			prec = trucewatch.DateDay
		}
		if e.Date.String() != tt.want || e.Precision != prec || e.Night != tt.night || e.Future != tt.future || (tt.want == "") != e.Unresolved {
			t.Errorf("%q: %q %s %s night=%v future=%v unresolved=%v; want %q %s night=%v future=%v",
				tt.text, tt.text[e.Start:e.End], e.Date, e.Precision, e.Night, e.Future, e.Unresolved, tt.want, prec, tt.night, tt.future)
		}
		if tt.span != "" && tt.text[e.Start:e.End] != tt.span {
			t.Errorf("%q: span %q, want %q", tt.text, tt.text[e.Start:e.End], tt.span)
		}
	}
}

// allDates lists the dates of every expression in text, "" for the
// unresolved ones.
func allDates(text string, anchor trucewatch.Date) string {
	var out []string
	for _, e := range Find(text, lang.Words(text), anchor) {
		out = append(out, e.Date.String())
	}
	return strings.Join(out, ",")
}

func TestClockTimesAreNoDates(t *testing.T) {
	apr := trucewatch.Date{Year: 2025, Month: 4, Day: 20}
	tests := []struct {
		text   string
		anchor trucewatch.Date
		want   string // every date found, joined by commas
	}{
		{"The sirens went off at 12:06 across the region.", wed, ""},
		{"The strike came at 9:12 p.m. on April 14, the governor wrote.", apr, "2025-04-14"},
		{"Witnesses heard two blasts at 10.15 a.m. local time.", wed, ""},
		{"A second wave followed at 9.12 p.m. near the port.", wed, ""},
		{"Shelling resumed at 9.05 near the bridge.", wed, ""},
		{"Der Alarm endete um 23.00 Uhr.", wed, ""},
		{"Um 9.05 Uhr fiel in der Stadt der Strom aus.", wed, ""},
		{"Die Drohnen kamen gegen 10.10 aus Süden.", wed, ""},
		{"Der Konvoi traf um 9.30 ein, am 19.03. begann die Feuerpause.", wed, "2025-03-19"},
		{"Тривогу оголосили о 21.31 год.", wed, ""},
		{"Удар пролунав о 10.12, повідомили в ОВА.", wed, ""},
		{"Першу ракету збили близько 6.11 ранку.", wed, ""},
		{"Сирены стихли в 22.15 по местному времени.", wed, ""},
		{"Обстрел начался в 10.05 и длился час.", wed, ""},
		{"Свет дали около 9.10 утра.", wed, ""},
		{"Новости обновлены 05.04.2025 16:06", apr, "2025-04-05"},
		{"Соглашение подписали в 10.05.2025 года.", apr, "2025-05-10"},
		{"Die Feuerpause galt ab dem 19.03. für alle.", wed, "2025-03-19"},
		{"Am 19.03.2025 wurde unterschrieben.", wed, "2025-03-19"},
		{"Seit 1.3.2025 gilt die Regel, 5.3 Prozent weniger.", wed, "2025-03-01"},
		{"Опубліковано 26 Бер 2025, 14:30", wed, "2025-03-26"},
		{"Posted 26 March, 14:30 local time", wed, "2025-03-26"},
		{"Losses rose 3.10 million dollars this spring.", wed, ""},
		{"Am 10.12 am Abend wurde geschossen.", wed, "2024-12-10"},
	}
	for _, tt := range tests {
		if got := allDates(tt.text, tt.anchor); got != tt.want {
			t.Errorf("%q: dates %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDaysAgo(t *testing.T) {
	checkFirst(t, []exprCase{
		{"Three days ago the village was shelled again.", wed, "2025-03-16", "", false, false, "Three days ago"},
		{"A depot burned 3 days ago, the army said.", wed, "2025-03-16", "", false, false, ""},
		{"the talks broke off a day ago", wed, "2025-03-18", "", false, false, ""},
		{"Two weeks ago the line was quiet.", wed, "2025-03-05", trucewatch.DateWeek, false, false, ""},
		{"Die Brücke wurde vor drei Tagen getroffen.", wed, "2025-03-16", "", false, false, "vor drei Tagen"},
		{"Der Angriff liegt vor 3 Tagen zurück.", wed, "2025-03-16", "", false, false, ""},
		{"vor einem Tag", wed, "2025-03-18", "", false, false, ""},
		{"Ще три дні тому тут було тихо.", wed, "2025-03-16", "", false, false, "три дні тому"},
		{"Склад горів 3 дні тому.", wed, "2025-03-16", "", false, false, ""},
		{"П'ять днів тому окупанти обстріляли школу.", wed, "2025-03-14", "", false, false, ""},
		{"Три дня назад обстрел прекратился.", wed, "2025-03-16", "", false, false, ""},
		{"Мост разрушили 3 дня назад.", wed, "2025-03-16", "", false, false, ""},
		{"десять дней назад", wed, "2025-03-09", "", false, false, ""},
		{"three days ago", trucewatch.Date{}, "", "", false, false, ""},
		{"Three days of talks", wed, "-", "", false, false, ""},
		{"Тому три дні тривала атака", wed, "-", "", false, false, ""},
	})
}

func TestPastDay(t *testing.T) {
	checkFirst(t, []exprCase{
		{"In the past 24 hours the army counted 40 clashes.", wed, "2025-03-18", "", false, false, "past 24 hours"},
		{"Over the past day five villages were hit.", wed, "2025-03-18", "", false, false, ""},
		{"in the last 24 hours", wed, "2025-03-18", "", false, false, ""},
		{"On the last day of the talks nothing moved.", wed, "-", "", false, false, ""},
		{"In den vergangenen 24 Stunden gab es 12 Angriffe.", wed, "2025-03-18", "", false, false, ""},
		{"in den letzten 24 Stunden", wed, "2025-03-18", "", false, false, ""},
		{"Binnen 24 Stunden wurden drei Dörfer beschossen.", wed, "2025-03-18", "", false, false, ""},
		{"Am Vortag hatte die Armee Drohnen gemeldet.", wed, "2025-03-18", "", false, false, ""},
		{"The day before, both sides had traded fire.", wed, "2025-03-18", "", false, false, "The day before"},
		{"the day before yesterday", wed, "2025-03-17", "", false, false, ""},
		{"За минулу добу ворог 60 разів обстріляв громаду.", wed, "2025-03-18", "", false, false, "За минулу добу"},
		{"Протягом минулої доби зафіксовано 30 атак.", wed, "2025-03-18", "", false, false, ""},
		{"Минулої доби росіяни атакували місто.", wed, "2025-03-18", "", false, false, ""},
		{"За добу поранено двох людей.", wed, "2025-03-18", "", false, false, ""},
		{"Напередодні сторони обмінялися полоненими.", wed, "2025-03-18", "", false, false, ""},
		{"За добу до перемир'я стало тихіше.", wed, "-", "", false, false, ""},
		{"За последние сутки сбито 20 дронов.", wed, "2025-03-18", "", false, false, ""},
		{"За прошедшие сутки погибли двое.", wed, "2025-03-18", "", false, false, ""},
		{"В течение суток обстрелы продолжались.", wed, "2025-03-18", "", false, false, ""},
		{"Накануне стороны договорились об обмене.", wed, "2025-03-18", "", false, false, ""},
		{"за минулу добу", trucewatch.Date{}, "", "", false, false, ""},
	})
}

func TestMonthOnly(t *testing.T) {
	month := trucewatch.DateMonth
	checkFirst(t, []exprCase{
		{"Im Februar war die Front ruhiger.", wed, "2025-02-01", month, false, false, "Im Februar"},
		{"Die Kämpfe dauerten bis Ende Juni.", wed, "2024-06-01", month, false, false, "Ende Juni"},
		{"Im März gab es weniger Angriffe.", wed, "2025-03-01", month, false, false, ""},
		{"im Juli letzten Jahres", wed, "2024-07-01", month, false, false, "im Juli letzten Jahres"},
		{"The plant was hit in September 2024 as well.", wed, "2024-09-01", month, false, false, "in September 2024"},
		{"Last July the same bridge was struck.", wed, "2024-07-01", month, false, false, "Last July"},
		{"last March", wed, "2024-03-01", month, false, false, ""},
		{"in early May", wed, "2024-05-01", month, false, false, ""},
		{"in July last year", wed, "2024-07-01", month, false, false, ""},
		{"A vote is planned for September 2025.", wed, "2025-09-01", month, false, true, ""},
		{"They may meet again soon.", wed, "-", "", false, false, ""},
		{"May God help them.", wed, "-", "", false, false, ""},
		{"У вересні 2024 року ситуація була схожою.", wed, "2024-09-01", month, false, false, "У вересні 2024 року"},
		{"У лютому обстріли посилилися.", wed, "2025-02-01", month, false, false, ""},
		{"у травні", wed, "2024-05-01", month, false, false, ""},
		{"у липні минулого року", wed, "2024-07-01", month, false, false, ""},
		{"Наприкінці червня бої вщухли.", wed, "2024-06-01", month, false, false, ""},
		{"В июле прошлого года мост уже бомбили.", wed, "2024-07-01", month, false, false, "В июле прошлого года"},
		{"В сентябре обстрелы возобновились.", wed, "2024-09-01", month, false, false, ""},
		{"в марте", wed, "2025-03-01", month, false, false, ""},
		{"В конце мая начались переговоры.", wed, "2024-05-01", month, false, false, ""},
		{"в январе", trucewatch.Date{}, "", month, false, false, ""},
		{"19 вересня", wed, "2024-09-19", "", false, false, ""},
		{"Am 5. Juni", wed, "2024-06-05", "", false, false, ""},
		{"June 5", wed, "2024-06-05", "", false, false, ""},
		{"on March 12, 2024", wed, "2024-03-12", "", false, false, ""},
		{"In March, 12 people were hurt.", wed, "2025-03-01", month, false, false, "In March"},
		{"Ende Juni 30 Angriffe", wed, "2024-06-01", month, false, false, "Ende Juni"},
	})
}

func TestDayRanges(t *testing.T) {
	week := trucewatch.DateWeek
	may := trucewatch.Date{Year: 2025, Month: 5, Day: 20}
	checkFirst(t, []exprCase{
		{"Бої тривали 8-11 мая.", may, "2025-05-09", week, false, false, "8-11 мая"},
		{"Обстріли 8–11 травня зачепили три села.", may, "2025-05-09", week, false, false, ""},
		{"Упродовж 8-11 травня ворог атакував Херсон.", may, "2025-05-09", week, false, false, "8-11 травня"},
		{"З 8 по 11 травня діяло перемир'я.", may, "2025-05-09", week, false, false, "З 8 по 11 травня"},
		{"С 8 по 11 мая действовало перемирие.", may, "2025-05-09", week, false, false, ""},
		{"The truce held May 8-11.", may, "2025-05-09", week, false, false, "May 8-11"},
		{"Talks ran from 8 to 11 May.", may, "2025-05-09", week, false, false, "from 8 to 11 May"},
		{"Vom 8. bis 11. Mai galt eine Feuerpause.", may, "2025-05-09", week, false, false, ""},
		{"vom 8. bis zum 11. Mai", may, "2025-05-09", week, false, false, ""},
		{"Attacks rose between 8 and 11 May.", may, "2025-05-09", week, false, false, "between 8 and 11 May"},
		{"Від 30 квітня до 2 травня тривав обстріл.", may, "2025-05-01", week, false, false, ""},
		{"vom 28. Dezember bis 3. Januar", trucewatch.Date{Year: 2025, Month: 1, Day: 10}, "2024-12-31", week, false, false, ""},
		{"1–30 червня", trucewatch.Date{Year: 2025, Month: 7, Day: 2}, "2025-06-15", trucewatch.DateMonth, false, false, ""},
		{"8-11 мая 2024 года", may, "2024-05-09", week, false, false, ""},
		{"8-11 мая", trucewatch.Date{}, "", week, false, false, ""},
		{"Talks are set for 8 to 11 June.", may, "2025-06-09", week, false, true, ""},
		{"on 8 and 11 May", may, "2025-05-11", "", false, false, "11 May"}, // two days, no range
		{"5 to 10 people were hurt on 3 May", may, "2025-05-03", "", false, false, ""},
	})
}

func TestWeekdays(t *testing.T) {
	checkFirst(t, []exprCase{
		{"On Saturday a drone hit the depot.", wed, "2025-03-15", "", false, false, "Saturday"},
		{"Saturday's attack killed two.", wed, "2025-03-15", "", false, false, ""},
		{"Am Samstag schlugen Raketen ein.", wed, "2025-03-15", "", false, false, ""},
		{"Samstagabend fielen Schüsse.", wed, "2025-03-15", "", false, false, ""},
		{"У суботу ворог обстріляв порт.", wed, "2025-03-15", "", false, false, ""},
		{"В субботу обстрел повторился.", wed, "2025-03-15", "", false, false, ""},
		{"Talks resume next Saturday.", wed, "2025-03-22", "", false, true, "next Saturday"},
		{"Die Gespräche gehen am nächsten Samstag weiter.", wed, "2025-03-22", "", false, true, ""},
		{"Наступної суботи сторони зустрінуться.", wed, "2025-03-22", "", false, true, ""},
		{"В следующий понедельник начнётся обмен.", wed, "2025-03-24", "", false, true, ""},
		{"this Saturday", wed, "2025-03-22", "", false, true, ""},
		{"this Wednesday", wed, "2025-03-19", "", false, false, ""},
		{"Diesen Freitag endet die Frist.", wed, "2025-03-21", "", false, true, ""},
		{"В эту пятницу истекает срок.", wed, "2025-03-21", "", false, true, ""},
		{"last Saturday", wed, "2025-03-15", "", false, false, ""},
		{"this past Monday", wed, "2025-03-17", "", false, false, ""},
		{"в прошлую субботу", wed, "2025-03-15", "", false, false, ""},
		{"on Saturday", trucewatch.Date{}, "", "", false, false, ""},
	})
	// A bare weekday says so, for the caller to move it forward in a
	// sentence about the future.
	for _, text := range []string{"on Saturday", "am Samstag", "у суботу", "в субботу"} {
		es := Find(text, lang.Words(text), wed)
		if len(es) != 1 || !es[0].Weekday {
			t.Errorf("%q: %+v, want one bare weekday", text, es)
		}
	}
}

func TestNightOf(t *testing.T) {
	apr := trucewatch.Date{Year: 2025, Month: 4, Day: 26}
	checkFirst(t, []exprCase{
		{"During the night of April 25 drones hit the city.", apr, "2025-04-25", "", true, false, "night of April 25"},
		{"On the night of 25 April the grid failed.", apr, "2025-04-25", "", true, false, ""},
		{"the night of 24 to 25 April", apr, "2025-04-25", "", true, false, ""},
		{"У ніч на 25 квітня ворог запустив 50 дронів.", apr, "2025-04-25", "", true, false, "ніч на 25 квітня"},
		{"В ночь на 25 апреля ПВО сбила 30 целей.", apr, "2025-04-25", "", true, false, ""},
		{"In der Nacht zum 25. April heulten Sirenen.", apr, "2025-04-25", "", true, false, ""},
		{"in der Nacht vom 24. auf den 25. April", apr, "2025-04-25", "", true, false, ""},
		{"Вночі 15 жовтня пролунали вибухи.", trucewatch.Date{Year: 2025, Month: 10, Day: 16}, "2025-10-15", "", true, false, "Вночі 15 жовтня"},
		{"Ночью 9 октября был атакован порт.", trucewatch.Date{Year: 2025, Month: 10, Day: 16}, "2025-10-09", "", true, false, ""},
		{"У ніч проти 10 січня пролунали вибухи.", trucewatch.Date{Year: 2025, Month: 1, Day: 12}, "2025-01-10", "", true, false, ""},
		{"В ночь с 8 на 9 мая дроны атаковали НПЗ.", trucewatch.Date{Year: 2025, Month: 5, Day: 10}, "2025-05-09", "", true, false, "ночь с 8 на 9 мая"},
		{"У ніч з 8 на 9 травня", trucewatch.Date{Year: 2025, Month: 5, Day: 10}, "2025-05-09", "", true, false, ""},
		{"в ночь с 31 марта на 1 апреля", apr, "2025-04-01", "", true, false, ""},
		{"у ніч із суботи на неділю", wed, "2025-03-16", "", true, false, ""},
		{"Nachts zum Samstag fielen Schüsse.", wed, "2025-03-15", "", true, false, ""},
		{"Вночі ворог атакував Суми.", wed, "2025-03-19", "", true, false, "Вночі"},
		{"Вночі 12 дронів збили над областю.", wed, "2025-03-19", "", true, false, "Вночі"},
		{"в ночь на 9 мая", trucewatch.Date{}, "", "", true, false, ""},
	})
}

// Every month name that may stand alone must also be known after a day.
func TestLexicon(t *testing.T) {
	for _, w := range monthNames {
		if e := lexicon[w]; !e.is(isMonth) || e.month == 0 {
			t.Errorf("%s: month name without a month", w)
		}
	}
	for w, m := range monthsIn {
		if lexicon[w].month != m {
			t.Errorf("%s: month %d, want %d", w, lexicon[w].month, m)
		}
	}
}
