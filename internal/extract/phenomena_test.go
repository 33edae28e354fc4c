package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch"
)

// The tests in this file each cover one phenomenon that real reports show
// and that an earlier, list-based extractor got wrong. Every sentence is
// written by us, in our own words. A case names the fields it checks;
// each incident found is printed as those fields, in order.

// phenomenon is one text and the incidents it must give, as lines of the
// fields named in fields (see field).
type phenomenon struct {
	name, lang, published, text string
	fields                      string
	want                        []string
}

// field formats one field of an incident claim for a test line.
func field(c trucewatch.Claim, name string) string {
	i := c.Incident
	count := func(n *int) string {
		if n == nil {
			return "-"
		}
		return fmt.Sprint(*n)
	}
	switch name {
	case "place":
		return i.Place.ID
	case "target":
		return string(i.Target)
	case "perpetrator":
		return string(i.Perpetrator)
	case "claimant":
		return string(i.Claimant)
	case "date":
		if i.Date.IsZero() {
			return "nodate"
		}
		return i.Date.String()
	case "precision":
		return string(i.DatePrecision)
	case "weapon":
		return string(i.Weapon)
	case "quantity":
		return count(i.Quantity)
	case "killed":
		return count(i.Killed)
	case "injured":
		return count(i.Injured)
	case "background":
		if i.Background {
			return "background"
		}
		return "current"
	case "denial":
		if i.Denial {
			return "denial"
		}
		return "claim"
	case "speaker":
		return c.Speaker
	case "consequences":
		var cs []string
		for _, k := range i.Consequences {
			cs = append(cs, string(k))
		}
		if len(cs) == 0 {
			return "none"
		}
		return strings.Join(cs, ",")
	}
	panic("no field " + name)
}

func runPhenomena(t *testing.T, tests []phenomenon) {
	t.Helper()
	x := mustExtractor(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := strings.Fields(tt.fields)
			if len(fields) == 0 {
				fields = strings.Fields("place target perpetrator claimant date")
			}
			var got []string
			for _, c := range x.Claims(report(t, tt.lang, tt.published, tt.text)) {
				if c.Incident == nil {
					continue
				}
				var parts []string
				for _, f := range fields {
					parts = append(parts, field(c, f))
				}
				got = append(got, strings.Join(parts, " "))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("%s:\n%s\nwant:\n%s", tt.fields, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestTargetWordForms: a target noun is found in any of its word forms,
// and a compound or a phrase names its category.
func TestTargetWordForms(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: transformer", "en", "2025-04-10", "A Russian drone hit a transformer in Sumy on Thursday, the regional governor said.",
			"place target", []string{"gn:692194 energy"}},
		{"en: high-voltage line", "en", "2025-04-10", "Shelling damaged a high-voltage line near Sumy on Thursday, the regional administration said.",
			"place target", []string{"gn:692194 energy"}},
		{"en: gas storage", "en", "2025-04-10", "Ukrainian drones attacked a gas storage facility in the Belgorod region, the Russian Defence Ministry said.",
			"place target", []string{"adm1:RU-BEL energy"}},
		{"de: Umspannwerk, genitive", "de", "2025-04-10", "Nach Angaben des Gouverneurs wurde der Transformator eines Umspannwerks in Sumy von einer Drohne getroffen.",
			"place target", []string{"gn:692194 energy"}},
		{"de: Gasverteilerstation", "de", "2025-04-10", "Die ukrainische Armee soll eine Gasverteilerstation im Gebiet Belgorod beschossen haben, teilte das russische Verteidigungsministerium mit.",
			"place target", []string{"adm1:RU-BEL energy"}},
		{"de: Industriegelände, a compound", "de", "2025-04-10", "In Sumy schlug nach Angaben der Gebietsverwaltung eine russische Rakete auf einem Industriegelände ein.",
			"place target", []string{"gn:692194 industrial"}},
		{"de: Universitätsgebäude, a compound", "de", "2025-04-10", "Eine russische Drohne beschädigte in Sumy ein Universitätsgebäude, teilte die Gebietsverwaltung mit.",
			"place target", []string{"gn:692194 education"}},
		{"ru: near a playground, instrumental", "ru", "2025-04-10", "Украинская ракета ударила рядом с детской площадкой в Белгороде, сообщил губернатор.",
			"place target", []string{"gn:578072 residential"}},
		{"uk: near a playground, genitive", "uk", "2025-04-10", "Російська ракета влучила біля дитячого майданчика в Сумах, повідомила ОВА.",
			"place target", []string{"gn:692194 residential"}},
		{"en: by a playground", "en", "2025-04-10", "A Russian missile struck next to a playground in Sumy, the governor said.",
			"place target", []string{"gn:692194 residential"}},
		{"de: Kinderspielplatz, a compound", "de", "2025-04-10", "Eine russische Rakete schlug in Sumy neben einem Kinderspielplatz ein, teilte die Gebietsverwaltung mit.",
			"place target", []string{"gn:692194 residential"}},
		{"uk: power line in the nominative", "uk", "2025-04-10", "У Сумах внаслідок атаки дрона пошкоджена лінія електропередачі, повідомила обласна військова адміністрація.",
			"place target", []string{"gn:692194 energy"}},
		{"uk: gas distribution station, genitive", "uk", "2025-04-10", "Російський дрон влучив у будівлю газорозподільної станції в Сумах, повідомила ОВА.",
			"place target", []string{"gn:692194 energy"}},
		{"ru: машина скорой помощи is an ambulance, not a car", "ru", "2025-04-10", "В Белгороде дрон атаковал машину скорой помощи, сообщил губернатор.",
			"place target", []string{"gn:578072 medical"}},
		{"uk: автомобіль швидкої is an ambulance, not a car", "uk", "2025-04-10", "У Сумах російський дрон влучив в автомобіль швидкої допомоги, повідомила ОВА.",
			"place target", []string{"gn:692194 medical"}},
		{"ru: автомобиль скорой, without помощи", "ru", "2025-04-10", "В Белгороде украинский дрон атаковал автомобиль скорой, сообщил губернатор.",
			"place target", []string{"gn:578072 medical"}},
		{"ru: карета скорой медицинской помощи", "ru", "2025-04-10", "В Белгороде украинский дрон атаковал карету скорой медицинской помощи, сообщил губернатор.",
			"place target", []string{"gn:578072 medical"}},
		{"ru: energy infrastructure, instrumental", "ru", "2025-04-10", "Губернатор сообщил, что в Белгороде украинский беспилотник атаковал объект энергетической инфраструктуры.",
			"place target", []string{"gn:578072 energy"}},
		{"ru: substation, prepositional", "ru", "2025-04-10", "По словам губернатора, на подстанции в Белгороде после удара дрона начался пожар.",
			"place target", []string{"gn:578072 energy"}},
	})
}

// TestTargetInferred: a target is inferred from what the strike caused, or
// taken from the sentence before that names the facility.
func TestTargetInferred(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: an outage means energy", "en", "2025-04-10", "After a Russian drone attack on Sumy on Thursday, 40,000 homes were left without power, the governor said.",
			"place target", []string{"gn:692194 energy"}},
		{"uk: знеструмлення", "uk", "2025-04-10", "Через російський обстріл Сум частина міста знеструмлена, повідомили в ОВА.",
			"place target", []string{"gn:692194 energy"}},
		{"ru: power restored means it was cut", "ru", "2025-04-10", "Губернатор сообщил, что после ночного удара беспилотника по Белгороду энергетики уже восстановили электроснабжение.",
			"place target", []string{"gn:578072 energy"}},
		{"ru: power restored, verb after", "ru", "2025-04-10", "В Белгороде после удара украинского дрона электроснабжение возобновлено, сообщил губернатор.",
			"place target", []string{"gn:578072 energy"}},
		{"en: power restored means it was cut", "en", "2025-04-10", "Engineers restored power in Sumy on Thursday after the overnight Russian drone strike, the governor said.",
			"place target", []string{"gn:692194 energy"}},
		{"de: der Strom wurde wiederhergestellt", "de", "2025-04-10", "Der Strom wurde wiederhergestellt, nachdem eine russische Drohne in der Nacht Sumy angegriffen hatte, teilte der Gouverneur mit.",
			"place target", []string{"gn:692194 energy"}},
		{"uk: відновили світло", "uk", "2025-04-10", "Енергетики відновили світло в Сумах після нічної атаки російського дрона, повідомила ОВА.",
			"place target", []string{"gn:692194 energy"}},
		{"ru: восстановили свет", "ru", "2025-04-10", "В Белгороде после удара украинского дрона энергетики восстановили свет, сообщил губернатор.",
			"place target", []string{"gn:578072 energy"}},
		{"en: electricity was restored", "en", "2025-04-10", "Electricity was restored in Sumy on Thursday after the overnight Russian drone strike, the governor said.",
			"place target", []string{"gn:692194 energy"}},
		{"en: the facility named before", "en", "2025-04-10", "The Kremenchuk refinery has been hit repeatedly since the war began. On Thursday Ukrainian officials said Russian missiles struck the facility again.",
			"place target", []string{"gn:704147 energy"}},
		{"de: die Anlage", "de", "2025-04-10", "Das Umspannwerk bei Sumy versorgt den ganzen Norden des Gebiets. Am Donnerstag wurde die Anlage nach ukrainischen Angaben von einer Rakete getroffen.",
			"place target", []string{"gn:692194 energy"}},
	})
}

// TestOrdinaryWordsNoPlaces: common words, acronyms, company names,
// surnames, a speaker's title and a dateline never give the incident's
// place.
func TestOrdinaryWordsNoPlaces(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: sentence-initial No", "en", "2025-04-10", "No one was hurt when a Russian drone hit a substation in Sumy on Thursday, the governor said.",
			"place target", []string{"gn:692194 energy"}},
		{"en: police", "en", "2025-04-10", "Police said a Russian missile hit an apartment block in Odesa on Thursday.",
			"place target", []string{"gn:698740 residential"}},
		{"ru: glide-bomb acronym in the instrumental", "ru", "2025-04-10", "В четверг российская армия ударила КАБами по жилому дому в Харькове, сообщил губернатор.",
			"place weapon", []string{"gn:706483 glide_bomb"}},
		{"en: a grid company's name", "en", "2025-04-10", "Centrenergo said a Russian missile attack on Thursday had damaged its thermal power plant in the Kharkiv region.",
			"place target", []string{"adm1:UA-63 energy"}},
		{"ru: a governor's surname", "ru", "2025-04-10", "Губернатор Гладков сообщил, что украинский дрон атаковал подстанцию в Белгороде.",
			"place target", []string{"gn:578072 energy"}},
		{"en: the speaker's title names another region", "en", "2025-04-10", "The head of the Dnipropetrovsk regional administration said a Russian drone hit a railway substation in Kryvyi Rih on Thursday.",
			"place target", []string{"gn:703845 energy"}},
		{"en: a dateline", "en", "2025-04-10", "KYIV, April 10 - A Russian missile struck a power plant in the Kharkiv region on Thursday, the governor said.",
			"place target", []string{"adm1:UA-63 energy"}},
		{"de: a dateline with an agency", "de", "2025-04-10", "Moskau (dpa) - Ukrainische Drohnen haben nach russischen Angaben ein Umspannwerk im Gebiet Kursk getroffen.",
			"place target", []string{"adm1:RU-KRS energy"}},
		{"uk: an inflected district adjective", "uk", "2025-04-10", "Російські дрони атакували підстанцію в Шосткинському районі, повідомила Сумська ОВА.",
			"place target", []string{"adm1:UA-59 energy"}},
		{"ru: a district adjective", "ru", "2025-04-10", "Украинский беспилотник атаковал подстанцию в Шебекинском районе, сообщил губернатор.",
			"place target", []string{"adm1:RU-BEL energy"}},
		{"uk: a village the gazetteer lacks falls back to its oblast", "uk", "2025-04-10", "У селі Вишнева Балка Харківської області російський дрон влучив у приватний будинок, повідомила ОВА.",
			"place target", []string{"adm1:UA-63 residential"}},
		{"en: a place abroad needs its country named", "en", "2025-04-10", "A Russian drone hit a power substation near Police, the Ukrainian air force said.",
			"place target", nil},
	})
}

// TestTimes: clock times are never dates, relative days resolve against
// publication, and an undated earlier strike has no date and is flagged.
func TestTimes(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: a clock time is no date", "en", "2025-04-14", "At 12:06 a Russian drone hit a substation in Sumy, the governor said.",
			"place date precision", []string{"gn:692194 2025-04-14 day"}},
		{"en: clock time then explicit date", "en", "2025-04-16", "At 9:12 p.m. on April 14 a Russian missile struck a power plant in Kharkiv, the mayor said.",
			"place date", []string{"gn:706483 2025-04-14"}},
		{"de: Uhrzeit", "de", "2025-04-14", "Gegen 3.40 Uhr traf eine russische Drohne ein Umspannwerk in Sumy, teilte der Gouverneur mit.",
			"place date", []string{"gn:692194 2025-04-14"}},
		{"en: three days ago", "en", "2025-04-14", "Three days ago a Russian drone hit a substation in Sumy, the governor said.",
			"place date", []string{"gn:692194 2025-04-11"}},
		{"uk: три дні тому", "uk", "2025-04-14", "Три дні тому російський дрон влучив у підстанцію в Сумах, повідомила ОВА.",
			"place date", []string{"gn:692194 2025-04-11"}},
		{"ru: накануне", "ru", "2025-04-14", "Накануне украинский беспилотник атаковал подстанцию в Белгороде, сообщил губернатор.",
			"place date", []string{"gn:578072 2025-04-13"}},
		{"en: weekday in the past", "en", "2025-04-10", "On Monday a Russian drone hit a substation in Sumy, the governor said.",
			"place date", []string{"gn:692194 2025-04-07"}},
		{"ru: night of", "ru", "2025-04-14", "В ночь на 12 апреля украинские дроны атаковали нефтебазу в Брянской области, сообщил губернатор.",
			"place date", []string{"adm1:RU-BRY 2025-04-12"}},
		{"de: undated background", "de", "2025-04-14", "Am Montag traf eine Drohne ein Umspannwerk in Sumy, teilte der Gouverneur mit. Die Raffinerie in Krementschuk war bereits früher mehrfach von russischen Raketen getroffen worden.",
			"place date background", []string{"gn:692194 2025-04-14 current", "gn:704147 nodate background"}},
		{"en: background with its month", "en", "2025-04-14", "A Ukrainian drone hit the Tuapse refinery on Monday, regional officials said. The refinery had already been struck last July.",
			"place date precision background", []string{"gn:480716 2025-04-14 day current", "gn:480716 2024-07-01 month background"}},
	})
}

// TestExchangeWeekdayAhead: a weekday in an announcement is the coming one.
func TestExchangeWeekdayAhead(t *testing.T) {
	x := mustExtractor(t)
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "Ukraine and Russia will exchange 175 prisoners each on Wednesday, Ukraine's president said.", "2025-04-16"},
		{"de", "Am Mittwoch werden Russland und die Ukraine je 175 Gefangene austauschen, sagte der Präsident.", "2025-04-16"},
		{"en", "Ukraine and Russia exchanged 175 prisoners each on Wednesday, Ukraine's president said.", "2025-04-09"},
	} {
		var got []string
		for _, c := range x.Claims(report(t, tc.lang, "2025-04-14", tc.text)) {
			if c.Exchange != nil {
				got = append(got, c.Exchange.Date.String())
			}
		}
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: exchange dates %v, want [%s]", tc.text, got, tc.want)
		}
	}
}

// TestClaimantCarried: the speaker named once is carried through the
// report (the night's drone count in the lead is its own, nationwide
// record); a headline "Source: ..." attributes what follows; an anaphor
// ("it said", "according to its own statement") refers back. An
// official named late is the source of the lead when he reports strikes,
// not when he only comments on them. A party or an outlet after the
// preposition that follows a speaker's title ("the governor's envoy on
// crimes of the Ukrainian army", "губернатор в своем Telegram-канале")
// is not the speaker's; a party or national body right after it, past
// articles ("a spokesman of the Ukrainian General Staff") is. A side that
// accuses the other of strikes despite a truce is the source of "it
// said ..." after it, not of the outlet's own next sentence.
func TestClaimantCarried(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: lead speaker carried", "en", "2025-04-10",
			"Ukraine's air force said on Thursday that Russia had launched 90 drones overnight. A drone hit a substation in Sumy. Another damaged a hospital in Kharkiv.",
			"place target claimant", []string{"country:UA unknown UA", "gn:692194 energy UA", "gn:706483 medical UA"}},
		{"ru: headline attribution", "ru", "2025-04-10",
			"Минобороны России: ВСУ атаковали подстанцию в Курской области\n\nУкраинские беспилотники ударили по подстанции в Курской области, повреждено оборудование.",
			"place target perpetrator claimant", []string{"adm1:RU-KRS energy UA RU"}},
		{"de: according to its own statement", "de", "2025-04-10",
			"Das russische Verteidigungsministerium teilte mit, ukrainische Drohnen hätten ein Umspannwerk im Gebiet Brjansk angegriffen. Nach eigenen Angaben wehrte die Luftabwehr die meisten Drohnen ab.",
			"place target perpetrator claimant", []string{"adm1:RU-BRY energy UA RU"}},
		{"uk: a governor carried, then an outlet", "uk", "2025-04-10",
			"Голова Харківської ОВА Олег Синєгубов повідомив, що вночі росіяни атакували місто дронами. Пошкоджено підстанцію у Харкові.",
			"place target claimant", []string{"gn:706483 energy UA"}},
		{"de: a late comment is no source for the lead", "de", "2025-04-10",
			"Bei einem russischen Drohnenangriff auf Dnipro sind in der Nacht zwei Menschen getötet worden. Mehrere Wohnungen brannten aus. Rettungskräfte suchten bis zum Morgen in den Trümmern. Die Feuerwehr war mit zwanzig Wagen im Einsatz. Am Vormittag kamen Nachbarn mit Tee und Decken. Viele von ihnen hatten die Nacht im Keller verbracht. Präsident Selenskyj schrieb auf Telegram, der Westen müsse die Sanktionen gegen Moskau verschärfen.",
			"place claimant", []string{"gn:709930 media"}},
		{"en: a late report is the source of the lead", "en", "2025-04-10",
			"Two people were killed in a Russian drone attack on Dnipro overnight. Several flats burned out. Rescuers searched the rubble until morning. Firefighters worked through the night. Neighbours brought tea and blankets. Many had spent the night in basements. The regional governor said the drones also damaged a school in Pavlohrad.",
			"place claimant", []string{"gn:709930 UA", "gn:697889 UA"}},
		{"en: an accusation of strikes despite a truce carries", "en", "2025-04-20",
			"Zelensky said Russian forces shelled Kharkiv overnight despite the truce. Russia's Defence Ministry accused Ukrainian forces of drone attacks in the Kursk region despite the ceasefire. It said Ukraine had launched 30 drones at Russian territory overnight.",
			"place claimant", []string{"gn:706483 UA", "adm1:RU-KRS RU", "country:RU RU"}},
		{"ru: the governor in his Telegram channel", "ru", "2025-04-10",
			"В Белгороде украинский дрон атаковал подстанцию. Об этом рассказал губернатор региона в своем Telegram-канале.",
			"place claimant", []string{"gn:578072 RU"}},
		{"en: a party after the title's preposition", "en", "2025-04-10",
			"Ukrainian drones hit a substation in Belgorod, the governor's envoy on crimes of the Ukrainian army said.",
			"place claimant", []string{"gn:578072 RU"}},
		{"en: the body after the title's preposition is the speaker's (UA)", "en", "2025-04-10",
			"Ukrainian drones hit an oil depot in the Bryansk region overnight, a spokesman of the Ukrainian General Staff said.",
			"place claimant", []string{"adm1:RU-BRY UA"}},
		{"en: an official at the body", "en", "2025-04-10",
			"Ukrainian drones hit an oil depot in the Bryansk region overnight, an official at the Ukrainian General Staff said.",
			"place claimant", []string{"adm1:RU-BRY UA"}},
		{"en: the body after the title's preposition is the speaker's (RU)", "en", "2025-04-10",
			"Russian missiles hit an energy facility in Kharkiv overnight, a spokesman of the Russian Defence Ministry said.",
			"place claimant", []string{"gn:706483 RU"}},
		{"de: ein Sprecher vom Generalstab (UA)", "de", "2025-04-10",
			"Ukrainische Drohnen trafen in der Nacht ein Öllager im Gebiet Brjansk, sagte ein Sprecher vom ukrainischen Generalstab.",
			"place claimant", []string{"adm1:RU-BRY UA"}},
		{"de: ein Sprecher vom Ministerium (RU)", "de", "2025-04-10",
			"Russische Raketen trafen in der Nacht eine Energieanlage in Charkiw, sagte ein Sprecher vom russischen Verteidigungsministerium.",
			"place claimant", []string{"gn:706483 RU"}},
		{"ru: представитель от Генштаба (UA)", "ru", "2025-04-10",
			"Украинские дроны ночью поразили нефтебазу в Брянской области, сообщил представитель от Генштаба ВСУ.",
			"place claimant", []string{"adm1:RU-BRY UA"}},
		{"ru: представитель от Минобороны (RU)", "ru", "2025-04-10",
			"Российские ракеты ночью поразили энергообъект в Харькове, сообщил представитель от Минобороны России.",
			"place claimant", []string{"gn:706483 RU"}},
		{"en: the accuser is not the source of the outlet's next sentence", "en", "2025-04-20",
			"The Kremlin accused Kyiv of drone attacks despite the Easter truce. Overnight, Russian drones struck Kharkiv, damaging a school.",
			"place claimant", []string{"gn:706483 media"}},
		{"en: the accuser is the source of it said", "en", "2025-04-20",
			"In Moscow the defence ministry accused Kyiv's army of night-time attacks on Donetsk oblast in breach of the truce. It said a school in Horlivka was hit by Ukrainian drones.",
			"place claimant", []string{"gn:707753 RU"}},
		{"en: reported speech of the other side", "en", "2025-04-10",
			"Russia's Defence Ministry said Ukrainian drones had attacked an oil depot in the Bryansk region. Kyiv did not comment.",
			"place perpetrator claimant", []string{"adm1:RU-BRY UA RU"}},
	})
}

// TestWeaponsAndCounts: shelling is artillery, a weapon named before is
// carried, coordinated clauses keep their own weapons, casualties in the
// next sentence belong to the strike, "no casualties" is zero, and an age
// is no count.
func TestWeaponsAndCounts(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: shelling is artillery", "en", "2025-04-10", "Russian shelling damaged a substation in Nikopol on Thursday, the governor said.",
			"place weapon", []string{"gn:700051 artillery"}},
		{"uk: обстріл is artillery", "uk", "2025-04-10", "Унаслідок обстрілу Нікополя пошкоджено лінію електропередачі, повідомила ОВА.",
			"place weapon", []string{"gn:700051 artillery"}},
		{"en: the weapon of the sentence before", "en", "2025-04-10", "Russia attacked Sumy with drones on Thursday night, the governor said. A substation in the city was damaged.",
			"place target weapon", []string{"gn:692194 energy drone"}},
		{"en: coordinated clauses keep their weapons", "en", "2025-04-10", "A Russian missile hit a substation in Kharkiv, and artillery shelled a hospital in Kupiansk, the governor said.",
			"place target weapon", []string{"gn:706483 energy missile", "gn:703656 medical artillery"}},
		{"de: casualties in the next sentence", "de", "2025-04-10", "Eine russische Rakete traf am Donnerstag ein Wohnhaus in Charkiw. Zwei Menschen wurden getötet, fünf verletzt, teilte der Bürgermeister mit.",
			"place target killed injured", []string{"gn:706483 residential 2 5"}},
		{"en: no casualties is zero", "en", "2025-04-10", "A Russian drone hit a substation in Sumy on Thursday; there were no casualties, the governor said.",
			"place killed injured", []string{"gn:692194 0 0"}},
		{"ru: без пострадавших", "ru", "2025-04-10", "Украинский беспилотник атаковал подстанцию в Белгороде, обошлось без пострадавших, сообщил губернатор.",
			"place killed injured", []string{"gn:578072 0 0"}},
		{"en: an age is no count", "en", "2025-04-10", "A Russian drone hit a house in Sumy on Thursday, injuring a 12-year-old girl, the governor said.",
			"place injured", []string{"gn:692194 1"}},
		{"uk: age in years", "uk", "2025-04-10", "Російський дрон влучив у будинок у Сумах, поранено 45-річного чоловіка, повідомила ОВА.",
			"place injured", []string{"gn:692194 1"}},
	})
}

// TestScope: a nationwide count is one record for the country, and a real
// strike in a sentence that also names the ceasefire is kept.
func TestScope(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: nationwide drone count", "en", "2025-04-10", "Russia launched 120 drones against Ukraine overnight, the air force said; 80 were shot down.",
			"place target quantity", []string{"country:UA unknown 120"}},
		{"ru: drones over Russian regions", "ru", "2025-04-10", "За ночь над регионами России сбиты 45 украинских беспилотников, сообщило Минобороны.",
			"place quantity", []string{"country:RU 45"}},
		{"en: strike despite the ceasefire", "en", "2025-04-10", "Despite the energy ceasefire, a Russian drone hit a substation in Sumy on Thursday, the governor said.",
			"place target", []string{"gn:692194 energy"}},
		{"de: strike despite the moratorium", "de", "2025-04-10", "Trotz des Moratoriums griffen ukrainische Drohnen nach russischen Angaben ein Umspannwerk im Gebiet Kursk an.",
			"place target", []string{"adm1:RU-KRS energy"}},
	})
}

// TestMerging: one place, one day, but different clock times, weapons or
// districts are different strikes; the same strike told twice is one.
func TestMerging(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"different clock times", "en", "2025-04-10", "At 08:15 a Russian drone hit a substation in Sumy. At 19:40 another drone hit a substation in Sumy, the governor said.",
			"place target", []string{"gn:692194 energy", "gn:692194 energy"}},
		{"different weapons", "en", "2025-04-10", "In the morning a Russian missile hit a substation in Sumy. In the evening Russian artillery shelled a substation in Sumy, the governor said.",
			"place weapon", []string{"gn:692194 missile", "gn:692194 artillery"}},
		{"uk: different districts", "uk", "2025-04-10", "Російські дрони атакували підстанцію у Шосткинському районі. Також пошкоджено підстанцію в Конотопському районі, повідомила Сумська ОВА.",
			"place target", []string{"adm1:UA-59 energy", "adm1:UA-59 energy"}},
		{"the same strike told twice", "en", "2025-04-10", "A Russian drone hit a substation in Sumy on Thursday, the governor said. The strike on the Sumy substation left the district without power.",
			"place target", []string{"gn:692194 energy"}},
	})
}

// TestPlatformNoPlace: the platform a statement was posted on ("said on
// Telegram", "у Telegram") is no unknown place, so the sentence still
// continues the place told before it.
func TestPlatformNoPlace(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: on Telegram", "en", "2025-04-10", "Russian drones struck Sumy overnight. Several high-rise buildings were damaged in the city, the regional administration said on Telegram.",
			"place target", []string{"gn:692194 residential"}},
		{"en: wrote on Telegram", "en", "2025-04-10", "Russian drones struck Sumy overnight. A school was damaged, the governor wrote on Telegram.",
			"place target", []string{"gn:692194 education"}},
		{"uk: у Telegram", "uk", "2025-04-10", "Вночі російські дрони атакували Суми. Пошкоджено багатоповерховий будинок, повідомив голова ОВА у Telegram.",
			"place target", []string{"gn:692194 residential"}},
		{"ru: в Telegram", "ru", "2025-04-10", "Ночью украинские беспилотники атаковали Белгород. Повреждена школа, написал губернатор в Telegram.",
			"place target", []string{"gn:578072 education"}},
	})
}

// TestSupplyLineWithHomes: a gas pipe listed with the homes damaged is
// part of their damage, one residential record; a pipeline struck on its
// own, one only near a house, one struck apart from the homes ("another
// drone hit a gas pipeline") or a trunk line ("магістральний газопровід")
// is an energy target.
func TestSupplyLineWithHomes(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: homes and a gas pipeline", "en", "2025-04-10", "Russian shelling damaged homes and a gas pipeline in Kherson overnight, the governor said.",
			"place target", []string{"gn:706448 residential"}},
		{"uk: houses, a garage and a gas pipe", "uk", "2025-04-10", "У Нікополі після обстрілу пошкоджено три приватні будинки, гараж і газогін, повідомив голова ОВА.",
			"place target", []string{"gn:700051 residential"}},
		{"de: Wohnhäuser und eine Gasleitung", "de", "2025-04-10", "Bei dem russischen Angriff auf Sumy wurden nach Angaben der Behörden Wohnhäuser und eine Gasleitung beschädigt.",
			"place target", []string{"gn:692194 residential"}},
		{"en: a gas pipe on its own", "en", "2025-04-10", "A Russian drone damaged a gas pipe in Sumy overnight, the governor said.",
			"place target", []string{"gn:692194 energy"}},
		{"uk: a gas pipe on its own", "uk", "2025-04-10", "Російський дрон пошкодив газову трубу в Сумах, повідомила ОВА.",
			"place target", []string{"gn:692194 energy"}},
		{"de: ein Gasrohr allein", "de", "2025-04-10", "Eine russische Drohne beschädigte in Sumy ein Gasrohr, teilte die Gebietsverwaltung mit.",
			"place target", []string{"gn:692194 energy"}},
		{"en: a pipeline on its own", "en", "2025-04-10", "A Russian drone hit a gas pipeline near Sumy on Thursday, the governor said.",
			"place target", []string{"gn:692194 energy"}},
		{"ru: a gas pipe near a house", "ru", "2025-04-10", "В Белгороде после удара дрона разрушена газовая труба возле жилого дома, сообщил губернатор.",
			"place target", []string{"gn:578072 energy", "gn:578072 residential"}},
		{"ru: a pipeline struck by another drone", "ru", "2025-04-10", "Украинский дрон атаковал жилой дом в Белгороде, другой дрон поразил магистральный газопровод.",
			"place target", []string{"gn:578072 energy", "gn:578072 residential"}},
		{"uk: a trunk pipeline listed with a house", "uk", "2025-04-10", "У Херсоні внаслідок обстрілу пошкоджено житловий будинок, а також магістральний газопровід.",
			"place target", []string{"gn:706448 energy", "gn:706448 residential"}},
		{"en: a high-pressure pipeline listed with homes", "en", "2025-04-10", "Russian shelling damaged homes and a high-pressure gas pipeline in Kherson.",
			"place target", []string{"gn:706448 energy", "gn:706448 residential"}},
		{"de: eine zweite Drohne traf eine Gasleitung", "de", "2025-04-10", "Eine russische Drohne traf in Cherson ein Wohnhaus, eine zweite traf eine Gasleitung.",
			"place target", []string{"gn:706448 energy", "gn:706448 residential"}},
		{"en: a pipeline struck later elsewhere", "en", "2025-04-10", "Russian shelling damaged a house in Kherson, and a drone later struck a gas pipeline near Bilozerka.",
			"place target", []string{"gn:706448 residential", "gn:712508 energy"}},
	})
}

// TestOutageAcrossPlaces: an outage told for several places of one
// oblast, with no site struck named, is one energy record for the oblast;
// places in different oblasts, a named facility, or a sentence that also
// tells of people killed or hurt keep their own.
func TestOutageAcrossPlaces(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"uk: two communities without power", "uk", "2025-04-10", "Через російські удари без світла залишилися понад дві тисячі абонентів у Ворожбянській та Білопільській громадах, повідомила ОВА.",
			"place target", []string{"adm1:UA-59 energy"}},
		{"en: two towns without power", "en", "2025-04-10", "Russian shelling left 5,000 customers in Nikopol and Marhanets without power on Thursday, the governor said.",
			"place target", []string{"adm1:UA-12 energy"}},
		{"en: towns of two oblasts", "en", "2025-04-10", "Russian drone attacks left thousands of customers in Sumy and Kharkiv without power on Thursday, officials said.",
			"place target", []string{"gn:692194 energy", "gn:706483 energy"}},
		{"en: substations named", "en", "2025-04-10", "Russian drones hit substations in Nikopol and Marhanets on Thursday, leaving thousands without power, the governor said.",
			"place target", []string{"gn:700051 energy", "gn:701855 energy"}},
		{"en: shelling of two towns that killed and cut power", "en", "2025-04-10", "Russian shelling of Nikopol and Marhanets killed two people and left 5,000 customers without power.",
			"place", []string{"gn:700051", "gn:701855"}},
		{"uk: two towns attacked, two killed, power cut", "uk", "2025-04-10", "Росіяни атакували Нікополь і Марганець: загинули двоє людей, 5 тисяч абонентів залишилися без світла.",
			"place", []string{"gn:700051", "gn:701855"}},
	})
}

// TestPersonAttacked: a person who is the object of an attack ("attacked a
// man with a drone") is a civilian target, other; a person hurt by a
// strike on a place is a casualty and the target stays unknown, as is one
// after an attack noun ("the attack on Kherson"), one the clause names as
// killed, hurt or left without supply, and "civilian" before a noun.
func TestPersonAttacked(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: attacked a man", "en", "2025-04-10", "On Tuesday Russian forces attacked a man with a drone in Kherson, the regional administration said.",
			"place target", []string{"gn:706448 other"}},
		{"uk: a drone attacked an elderly woman", "uk", "2025-04-10", "Вчора окупанти атакували з дрона літню жительку Херсона, повідомила ОВА.",
			"place target", []string{"gn:706448 other"}},
		{"ru: a drone attacked a woman", "ru", "2025-04-10", "В Белгороде украинский дрон атаковал пожилую женщину, сообщил губернатор.",
			"place target", []string{"gn:578072 other"}},
		{"de: griffen einen Mann an", "de", "2025-04-10", "Russische Truppen griffen in Cherson einen Mann mit einer Drohne an, teilte die Gebietsverwaltung mit.",
			"place target", []string{"gn:706448 other"}},
		{"en: a man hurt by shelling", "en", "2025-04-10", "A man was injured when Russian shelling hit Kherson on Tuesday, the governor said.",
			"place target", []string{"gn:706448 unknown"}},
		{"uk: residents only name the place attacked", "uk", "2025-04-10", "Росіяни атакували місце проживання місцевих мешканців у Сумах, повідомила ОВА.",
			"place target", []string{"gn:692194 unknown"}},
		{"uk: a civilian attacked", "uk", "2025-04-10", "Російські військові атакували з дрона цивільного в Херсоні, повідомила ОВА.",
			"place target", []string{"gn:706448 other"}},
		{"uk: цивільні об'єкти are no person", "uk", "2025-04-10", "Російські військові атакували цивільні об'єкти в Херсоні.",
			"place target", []string{"gn:706448 unknown"}},
		{"de: einen Autofahrer angegriffen", "de", "2025-04-10", "Russische Truppen griffen in Cherson einen Autofahrer mit einer Drohne an.",
			"place target", []string{"gn:706448 other"}},
		{"de: einen Fußgänger angegriffen", "de", "2025-04-10", "Russische Truppen griffen in Cherson einen Fußgänger mit einer Drohne an.",
			"place target", []string{"gn:706448 other"}},
		{"en: a man injured in the attack on a town", "en", "2025-04-10", "In the Russian attack on Kherson a man was injured.",
			"place target", []string{"gn:706448 unknown"}},
		{"uk: a man killed after the attack noun", "uk", "2025-04-10", "Внаслідок російської атаки на Херсон чоловік загинув.",
			"place target", []string{"gn:706448 unknown"}},
		{"uk: a woman wounded in the shelling of the town", "uk", "2025-04-10", "Унаслідок обстрілу Херсона жінка отримала поранення.",
			"place target", []string{"gn:706448 unknown"}},
		{"ru: a man wounded in the strike on the town", "ru", "2025-04-10", "В результате удара украинского дрона по Белгороду мужчина получил ранения.",
			"place target", []string{"gn:578072 unknown"}},
		{"ru: residents left without power keep the outage", "ru", "2025-04-10", "После атаки дрона жители Белгорода остались без света.",
			"place target", []string{"gn:578072 energy"}},
		{"en: residents left without water are no target", "en", "2025-04-10", "Russian shelling left residents of Kherson without water.",
			"place target", []string{"gn:706448 unknown"}},
		{"en: civilian as an adjective", "en", "2025-04-10", "Russian forces attacked civilian objects in Kherson.",
			"place target", []string{"gn:706448 unknown"}},
		{"uk: a person after an attack noun is no target", "uk", "2025-04-10", "Під час обстрілу Херсона жінка перебувала вдома.",
			"place target", []string{"gn:706448 unknown"}},
	})
}

// TestStatementDateMerges: the day a statement was made ("the governor said
// on Saturday") dates the report, not the strike; a sentence dated so is
// one incident with the next one that names the strike's own day
// ("Friday's attack"). A day followed by a comma is the strike's, not that
// of a later verb of speech ("on Friday, officials said").
func TestStatementDateMerges(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: said on Saturday, Friday's attack", "en", "2025-04-06",
			"The death toll from a Russian missile strike on Kryvyi Rih has risen to 12, the regional governor said on Saturday. Another 40 people were injured in Friday's attack.",
			"place target", []string{"gn:703845 unknown"}},
		{"de: teilte am Samstag mit, am Freitag", "de", "2025-04-06",
			"Bei dem russischen Raketenangriff auf Krywyj Rih sind zwölf Menschen getötet worden, teilte der Gouverneur am Samstag mit. Weitere 40 Menschen wurden bei dem Angriff am Freitag verletzt.",
			"place target", []string{"gn:703845 unknown"}},
		{"de: wie ... am Montag mitteilte (verb last)", "de", "2025-04-07",
			"Nach dem russischen Angriff auf Sumy ist die Zahl der Verletzten auf 40 gestiegen, wie die Gebietsverwaltung am Montag mitteilte. Zwei Raketen waren am Sonntag zwischen Wohnhäusern eingeschlagen.",
			"place target", []string{"gn:692194 residential"}},
		{"en: a day before a comma does not date the statement", "en", "2025-04-12",
			"A Russian drone hit a substation in Sumy on Friday, officials said. On Saturday another Russian drone hit a substation in Sumy.",
			"place date", []string{"gn:692194 2025-04-11", "gn:692194 2025-04-12"}},
		{"en: a day before a comma, a named speaker", "en", "2025-04-12",
			"A Russian drone hit a substation in Sumy on Friday, Zelensky said. On Saturday another Russian drone hit a substation in Sumy.",
			"place date", []string{"gn:692194 2025-04-11", "gn:692194 2025-04-12"}},
		{"uk: у п'ятницю, повідомили", "uk", "2025-04-12",
			"Російський дрон влучив у підстанцію в Сумах у п'ятницю, повідомили. У суботу інший російський дрон влучив у підстанцію в Сумах.",
			"place date", []string{"gn:692194 2025-04-11", "gn:692194 2025-04-12"}},
		{"en: two strikes on two days stay apart", "en", "2025-04-06",
			"A Russian drone hit a substation in Sumy on Friday. On Saturday another drone hit a school in Sumy, the governor said.",
			"place target date", []string{"gn:692194 energy 2025-04-04", "gn:692194 education 2025-04-05"}},
	})
}

// TestEnterpriseIsTheFacility: "the enterprise" told after a named
// facility, with no place of its own, is that facility, not a second,
// industrial target; one in another place, or one marked as another
// ("сусіднє підприємство", "another enterprise"), is its own.
func TestEnterpriseIsTheFacility(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"de: Gelände eines Industriebetriebs", "de", "2025-04-10",
			"Ukrainische Drohnen haben in der Nacht eine Ölraffinerie in Rjasan angegriffen. Durch herabfallende Trümmer brach auf dem Gelände eines Industriebetriebs ein Brand aus, schrieb der Gouverneur.",
			"place target", []string{"gn:500096 energy"}},
		{"uk: територія підприємства after a refinery works", "uk", "2025-04-10",
			"Уночі українські дрони атакували нафтопереробний завод у Рязані. Уламки впали на територію підприємства, виникла пожежа, повідомив губернатор.",
			"place target", []string{"gn:500096 energy"}},
		{"ru: территория предприятия", "ru", "2025-04-10",
			"Украинские беспилотники атаковали нефтеперерабатывающий завод в Рязани. На территории предприятия возник пожар, сообщил губернатор.",
			"place target", []string{"gn:500096 energy"}},
		{"uk: сусіднє підприємство is another", "uk", "2025-04-10",
			"Уночі українські дрони атакували нафтопереробний завод у Рязані. Уламки впали на територію сусіднього підприємства, виникла пожежа.",
			"place target", []string{"gn:500096 energy", "gn:500096 industrial"}},
		{"ru: ещё одно предприятие is another", "ru", "2025-04-10",
			"Украинские беспилотники атаковали нефтеперерабатывающий завод в Рязани. Пострадало ещё одно предприятие.",
			"place target", []string{"gn:500096 energy", "gn:500096 industrial"}},
		{"en: another enterprise", "en", "2025-04-10",
			"Ukrainian drones hit an oil refinery in Ryazan overnight. Debris also fell on another enterprise.",
			"place target", []string{"gn:500096 energy", "gn:500096 industrial"}},
		{"en: an enterprise elsewhere", "en", "2025-04-10",
			"Ukrainian drones hit an oil refinery in Ryazan overnight, the governor said. In Bryansk, an enterprise was damaged.",
			"place target", []string{"gn:500096 energy", "gn:571476 industrial"}},
	})
}

// TestTakenToHospitals: hospitals named as where the injured were taken,
// in the plural too, are no medical target.
func TestTakenToHospitals(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"uk: доправили до лікарень", "uk", "2025-04-10", "Унаслідок ракетного удару по Сумах поранено дванадцять людей, багатьох доправили до лікарень, повідомила ОВА.",
			"place target", []string{"gn:692194 unknown"}},
		{"uk: шпиталізували", "uk", "2025-04-10", "Після атаки дронів на Суми троє поранених, їх шпиталізували до обласної лікарні, повідомила ОВА.",
			"place target", []string{"gn:692194 unknown"}},
		{"de: in die Klinik gekommen", "de", "2025-04-10", "Bei dem russischen Angriff auf Sumy wurden zwölf Menschen verletzt, einige kamen in die Klinik, teilte die Gebietsverwaltung mit.",
			"place target", []string{"gn:692194 unknown"}},
		{"uk: a hospital struck", "uk", "2025-04-10", "Російський дрон пошкодив лікарню в Сумах, поранено двох людей, повідомила ОВА.",
			"place target", []string{"gn:692194 medical"}},
	})
}

// TestUnknownVillageKept: a village or community the gazetteer lacks is a
// place of its own, recorded as its oblast, even when the sentence names
// a town of that oblast too; given only as a town's address it is not,
// and a comma list of places is no address. One such village named in two
// cases ("Миколаївську громаду", "у Миколаївській громаді") is one place.
func TestUnknownVillageKept(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"uk: an unknown community beside a known one", "uk", "2025-04-10",
			"За минулу добу росіяни обстріляли 12 громад Сумщини, повідомила ОВА. У Миколаївській громаді пошкоджено об'єкт цивільної інфраструктури; у Сумській — шість приватних будинків.",
			"place target", []string{"adm1:UA-59 other", "gn:692194 residential"}},
		{"uk: one unknown community in two cases is one", "uk", "2025-04-10",
			"Вночі ворог атакував Миколаївську громаду на Сумщині. У Миколаївській громаді внаслідок удару пошкоджено будинок.",
			"place target", []string{"adm1:UA-59 residential"}},
		{"uk: two unknown communities in two cases stay two", "uk", "2025-04-10",
			"Вночі ворог атакував Миколаївську громаду на Сумщині. У Хотінській громаді пошкоджено будинок.",
			"place target", []string{"adm1:UA-59 unknown", "adm1:UA-59 residential"}},
		{"en: two unknown communities of one oblast stay two", "en", "2025-04-10",
			"On Thursday a Russian drone hit a house in the Zarichne community of Sumy Oblast, the regional administration said. Another house was damaged by a drone in the Vilshana community of Sumy Oblast.",
			"place target", []string{"adm1:UA-59 residential", "adm1:UA-59 residential"}},
		{"uk: an unknown community first in a list of commas only", "uk", "2025-04-10",
			"Внаслідок обстрілу поранено трьох людей у Миропільській громаді, Сумах, Білопіллі.",
			"place", []string{"adm1:UA-59", "gn:692194", "gn:712559"}},
		{"en: an unknown community first in a list of commas only", "en", "2025-04-10",
			"Shelling injured three people in the Myropillia community, Sumy, Bilopillia, the regional administration said.",
			"place", []string{"adm1:UA-59", "gn:692194", "gn:712559"}},
		{"uk: a community with its town after a comma is an address", "uk", "2025-04-10",
			"Внаслідок обстрілу поранено трьох людей у Миропільській громаді, Сумах.",
			"place", []string{"gn:692194"}},
		{"en: an unknown community first in a comma list", "en", "2025-04-10",
			"Shelling injured three people in the Myropillia, Sumy, and Bilopillia communities, the regional administration said.",
			"place target", []string{"adm1:UA-59 unknown", "gn:692194 unknown", "gn:712559 unknown"}},
	})
}
