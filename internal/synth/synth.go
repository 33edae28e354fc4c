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

// words is one thing as each language writes it in the templates.
type words struct{ en, de, uk, ru string }

// places are where strikes happen, in the case the templates need.
var places = []words{
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

// targets are the kinds of target, as objects of "hit".
var targets = []words{
	{"a power substation", "ein Umspannwerk", "підстанцію", "подстанцию"},
	{"a hospital", "ein Krankenhaus", "лікарню", "больницу"},
	{"an apartment block", "ein Wohnhaus", "житловий будинок", "жилой дом"},
	{"a railway station", "einen Bahnhof", "залізничну станцію", "железнодорожную станцию"},
	{"a school", "eine Schule", "школу", "школу"},
}

var weapons = []words{
	{"drones", "Drohnen", "дрони", "беспилотники"},
	{"missiles", "Raketen", "ракети", "ракеты"},
	{"artillery", "Artillerie", "артилерія", "артиллерия"},
}

// fillers are sentences of context; details fill their blanks, so that
// two stories share no more words than real ones about the same kind of
// event do.
var fillers = map[string][]string{
	"en": {
		"Emergency crews worked at the scene for %d hours.",
		"Air raid sirens sounded %d times across the region before dawn.",
		"Officials said %d buildings nearby were being inspected for damage.",
		"Residents of %d streets were asked to stay indoors until noon.",
		"A school %d kilometres away was closed for the day as a precaution.",
		"The local utility said %d repair teams had been sent out.",
		"Police cordoned off an area of about %d hundred metres.",
		"The mayor said %d families had been given temporary housing.",
	},
	"de": {
		"Rettungskräfte waren %d Stunden im Einsatz.",
		"In der Region gab es vor Sonnenaufgang %d Mal Luftalarm.",
		"Nach Behördenangaben wurden %d Gebäude in der Nähe auf Schäden geprüft.",
		"Anwohner in %d Straßen sollten bis Mittag in ihren Häusern bleiben.",
		"Eine Schule in %d Kilometern Entfernung blieb vorsorglich geschlossen.",
		"Der örtliche Versorger schickte nach eigenen Angaben %d Reparaturtrupps.",
		"Die Polizei sperrte ein Gebiet von etwa %d hundert Metern ab.",
		"Der Bürgermeister sagte, %d Familien seien vorübergehend untergebracht worden.",
	},
	"uk": {
		"Рятувальники працювали на місці %d годин.",
		"До світанку в регіоні %d разів лунала повітряна тривога.",
		"За словами посадовців, %d будівель поруч перевіряють на пошкодження.",
		"Мешканців %d вулиць попросили не виходити з дому до полудня.",
		"Школу за %d кілометрів від місця зачинили на день.",
		"Місцеве підприємство повідомило, що вислало %d ремонтних бригад.",
		"Поліція обмежила доступ до ділянки близько %d сотень метрів.",
		"Мер сказав, що %d родин отримали тимчасове житло.",
	},
	"ru": {
		"Спасатели работали на месте %d часов.",
		"До рассвета в регионе %d раз звучала воздушная тревога.",
		"По словам чиновников, %d зданий поблизости проверяют на повреждения.",
		"Жителей %d улиц попросили не выходить из дома до полудня.",
		"Школу в %d километрах от места закрыли на день.",
		"Местная компания сообщила, что направила %d ремонтных бригад.",
		"Полиция оцепила участок примерно в %d сотен метров.",
		"Мэр сказал, что %d семей получили временное жилье.",
	},
}

var outlets = []string{"Morning Ledger", "Abendpost", "Vesti Regiona", "Novyny Dnia", "Wire Service", "Observer", "Daily Courier", "Kurier"}

type story struct{ lang, text string }

// recent is how many of the last stories a copy may copy.
const recent = 300

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
		// Wire copy: one of the last few hundred stories, as copies
		// follow their story within hours, not months later.
		s := g.made[max(0, len(g.made)-recent)+g.rng.IntN(min(recent, len(g.made)))]
		lang, body = s.lang, s.text+fmt.Sprintf("\n\n(%s, update %d)", outlet, g.n)
	} else {
		body = g.story(lang)
		g.made = append(g.made, story{lang, body})
		if len(g.made) > 4*recent {
			g.made = append(g.made[:0], g.made[len(g.made)-recent:]...)
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
	for _, i := range g.rng.Perm(len(fs))[:2+g.rng.IntN(3)] {
		fmt.Fprintf(&b, fs[i]+" ", 2+g.rng.IntN(40))
	}
	return strings.TrimSpace(b.String())
}
