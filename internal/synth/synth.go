// Package synth writes synthetic reports for benchmarks and crash tests: a
// day of news in German, English, Ukrainian and Russian, about strikes on
// named places, with wire copies among them. Every sentence is made from
// templates written for trucewatch; none comes from a real report.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/trucewatch/trucewatch"
	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// place is one place as each language writes it where a strike happened.
type place struct{ en, de, uk, ru string }

var places = []place{
	{"Sumy", "Sumy", "у Сумах", "в Сумах"},
	{"Kharkiv", "Charkiw", "у Харкові", "в Харькове"},
	{"Odesa", "Odessa", "в Одесі", "в Одессе"},
	{"Dnipro", "Dnipro", "у Дніпрі", "в Днепре"},
	{"Zaporizhzhia", "Saporischschja", "у Запоріжжі", "в Запорожье"},
	{"Kherson", "Cherson", "у Херсоні", "в Херсоне"},
	{"Kryvyi Rih", "Krywyj Rih", "у Кривому Розі", "в Кривом Роге"},
	{"Mykolaiv", "Mykolajiw", "у Миколаєві", "в Николаеве"},
	{"Belgorod", "Belgorod", "у Бєлгороді", "в Белгороде"},
	{"Kursk", "Kursk", "у Курську", "в Курске"},
	{"Bryansk", "Brjansk", "у Брянську", "в Брянске"},
	{"Voronezh", "Woronesch", "у Воронежі", "в Воронеже"},
}

// target is one kind of target in each language.
type target struct{ en, de, uk, ru string }

var targets = []target{
	{"a power substation", "ein Umspannwerk", "підстанцію", "подстанцию"},
	{"a hospital", "ein Krankenhaus", "лікарню", "больницу"},
	{"an apartment block", "ein Wohnhaus", "житловий будинок", "жилой дом"},
	{"a railway station", "einen Bahnhof", "залізничну станцію", "железнодорожную станцию"},
	{"a school", "eine Schule", "школу", "школу"},
}

var weapons = []struct{ en, de, uk, ru string }{
	{"drones", "Drohnen", "дрони", "беспилотники"},
	{"missiles", "Raketen", "ракети", "ракеты"},
	{"artillery", "Artillerie", "артилерія", "артиллерия"},
}

var fillers = map[string][]string{
	"en": {
		"Emergency crews worked at the scene for several hours.",
		"Air raid sirens had sounded across the region before dawn.",
		"Officials said the damage was still being assessed.",
		"Residents were asked to stay away from the area until repairs were finished.",
	},
	"de": {
		"Rettungskräfte waren mehrere Stunden im Einsatz.",
		"In der ganzen Region hatte es vor Sonnenaufgang Luftalarm gegeben.",
		"Das Ausmaß der Schäden wurde noch ermittelt.",
		"Anwohner wurden gebeten, den Ort bis zum Ende der Reparaturen zu meiden.",
	},
	"uk": {
		"На місці кілька годин працювали рятувальники.",
		"Перед світанком у регіоні лунала повітряна тривога.",
		"Масштаби руйнувань ще встановлюють.",
		"Мешканців просять не наближатися до місця до завершення ремонту.",
	},
	"ru": {
		"На месте несколько часов работали спасатели.",
		"Перед рассветом в регионе звучала воздушная тревога.",
		"Масштабы разрушений еще устанавливаются.",
		"Жителей просят не приближаться к месту до окончания ремонта.",
	},
}

var outlets = []string{"Morning Ledger", "Abendpost", "Vesti Regiona", "Novyny Dnia", "Wire Service", "Observer", "Daily Courier", "Kurier"}

type story struct{ lang, text string }

// Generator makes reports; the same seed gives the same reports.
type Generator struct {
	rng *rand.Rand
	Day time.Time // the day of news (UTC midnight)
	// CopyShare is the share of reports that copy an earlier one with a
	// line of their own added (wire copy).
	CopyShare float64
	made      []story // stories written so far, for copies
	n         int
}

// New returns a generator of a day of news on day.
func New(seed uint64, day time.Time) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x5eed)), Day: day.UTC().Truncate(24 * time.Hour), CopyShare: 0.2}
}

// Next returns the next report's file bytes.
func (g *Generator) Next() []byte {
	g.n++
	lang := []string{"en", "de", "uk", "ru"}[g.rng.IntN(4)]
	published := g.Day.Add(time.Duration(g.rng.IntN(24*3600)) * time.Second)
	outlet := outlets[g.rng.IntN(len(outlets))]
	var body string
	if len(g.made) > 0 && g.rng.Float64() < g.CopyShare {
		s := g.made[g.rng.IntN(len(g.made))]
		lang, body = s.lang, s.text+fmt.Sprintf("\n\n(%s, update %d)", outlet, g.n)
	} else {
		body = g.story(lang)
		if len(g.made) < 5000 {
			g.made = append(g.made, story{lang, body})
		}
	}
	return fmt.Appendf(nil, "Outlet: %s\nLanguage: %s\nPublished: %s\nURL: https://example.org/%d\n\n%s\n",
		outlet, lang, published.Format(time.RFC3339), g.n, body)
}

// Report returns the next report, parsed.
func (g *Generator) Report() trucewatch.Report {
	raw := g.Next()
	r, err := reportfile.Parse(fmt.Sprintf("synth-%d.txt", g.n), raw)
	if err != nil {
		panic(fmt.Sprintf("synth: a generated report does not parse: %v", err))
	}
	return r
}

// story is a report of one or two strikes and a few lines of context.
func (g *Generator) story(lang string) string {
	var b strings.Builder
	for range 1 + g.rng.IntN(2) {
		p := places[g.rng.IntN(len(places))]
		t := targets[g.rng.IntN(len(targets))]
		w := weapons[g.rng.IntN(len(weapons))]
		attacker := g.rng.IntN(2) == 0 // true: Russian forces, else Ukrainian
		switch lang {
		case "en":
			by, says := "Russian", "the regional governor"
			if !attacker {
				by, says = "Ukrainian", "the Russian Defence Ministry"
			}
			fmt.Fprintf(&b, "%s %s hit %s in %s overnight, %s said. ", by, w.en, t.en, p.en, says)
		case "de":
			by, says := "Russische", "der Gouverneur"
			if !attacker {
				by, says = "Ukrainische", "das russische Verteidigungsministerium"
			}
			fmt.Fprintf(&b, "%s %s haben in der Nacht %s in %s getroffen, teilte %s mit. ", by, w.de, t.de, p.de, says)
		case "uk":
			by, says := "Російські", "обласна військова адміністрація"
			if !attacker {
				by, says = "Українські", "російське міноборони"
			}
			fmt.Fprintf(&b, "Вночі %s %s атакували %s %s, повідомила %s. ", strings.ToLower(by), w.uk, t.uk, p.uk, says)
		case "ru":
			by, says := "российские", "губернатор"
			if !attacker {
				by, says = "украинские", "Минобороны России"
			}
			fmt.Fprintf(&b, "Ночью %s %s атаковали %s %s, сообщил %s. ", by, w.ru, t.ru, p.ru, says)
		}
	}
	fs := fillers[lang]
	for range 2 + g.rng.IntN(3) {
		b.WriteString(fs[g.rng.IntN(len(fs))])
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String())
}
