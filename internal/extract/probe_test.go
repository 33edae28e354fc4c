package extract

import "testing"

// The tests in this file come from sentences an independent tester wrote
// to probe the extractor; each case has its mirror (the other party) and
// its equivalents in the other languages.

// TestPlaceInsideCuePhrase: a word of a cue phrase that is also a place's
// name ("Світло повернули": the power came back, not the village Svitle)
// is no place.
func TestPlaceInsideCuePhrase(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"uk: Світло повернули", "uk", "2025-04-10", "Росіяни обстріляли Херсонщину, пошкоджено лінію електропередачі. Світло повернули до вечора.",
			"place target perpetrator", []string{"adm1:UA-65 energy RU"}},
		{"uk mirror: Бєлгородщина", "uk", "2025-04-10", "Українські дрони атакували Бєлгородщину, пошкоджено лінію електропередачі. Світло повернули до вечора.",
			"place target perpetrator", []string{"adm1:RU-BEL energy UA"}},
		{"ru: Свет вернули", "ru", "2025-04-10", "Украинские дроны атаковали Белгородскую область, повреждена линия электропередачи. Свет вернули к вечеру.",
			"place target perpetrator consequences", []string{"adm1:RU-BEL energy UA damage,power_outage"}},
		{"ru mirror: Херсонская область", "ru", "2025-04-10", "Российские войска обстреляли Херсонскую область, повреждена линия электропередачи. Свет вернули к вечеру.",
			"place target perpetrator consequences", []string{"adm1:UA-65 energy RU damage,power_outage"}},
		{"en: power restored", "en", "2025-04-10", "Russian forces shelled the Kherson region, damaging a power line. Power was restored by the evening.",
			"place target perpetrator consequences", []string{"adm1:UA-65 energy RU damage,power_outage"}},
		{"de: Strom wiederhergestellt", "de", "2025-04-10", "Ukrainische Drohnen griffen das Gebiet Belgorod an, eine Stromleitung wurde beschädigt. Der Strom wurde wiederhergestellt.",
			"place target perpetrator consequences", []string{"adm1:RU-BEL energy UA damage,power_outage"}},
		{"de: words between Strom and wiederhergestellt", "de", "2025-04-10", "Russland beschoss das Gebiet Cherson, eine Stromleitung wurde beschädigt. Der Strom wurde am Abend wiederhergestellt.",
			"place target perpetrator consequences", []string{"adm1:UA-65 energy RU damage,power_outage"}},
		{"de mirror: Stromversorgung konnte ... wiederhergestellt werden", "de", "2025-04-10", "Ukrainische Drohnen griffen das Gebiet Belgorod an, eine Stromleitung wurde beschädigt. Die Stromversorgung konnte bis zum Abend wiederhergestellt werden.",
			"place target perpetrator consequences", []string{"adm1:RU-BEL energy UA damage,power_outage"}},
	})
}

// TestHospitalIsNoCasualty: "hospitalised" shares its stem with
// "hospital"; a strike on a hospital has no casualties unless they are
// said.
func TestHospitalIsNoCasualty(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: hit a hospital", "en", "2025-04-10", "A Russian drone hit a hospital in Kramatorsk.",
			"place target killed injured consequences", []string{"gn:704508 medical - - none"}},
		{"en mirror: hit a hospital", "en", "2025-04-10", "A Ukrainian drone hit a hospital in Belgorod.",
			"place target killed injured consequences", []string{"gn:578072 medical - - none"}},
		{"en: doctors and patients", "en", "2025-04-10", "A Ukrainian drone hit a hospital in Belgorod, killing two doctors and wounding five patients.",
			"place target killed injured", []string{"gn:578072 medical 2 5"}},
		{"en: hospitalised is injured", "en", "2025-04-10", "A Russian drone hit a house in Kramatorsk; three people were hospitalised.",
			"place target injured", []string{"gn:704508 residential 3"}},
		{"de: Krankenhaus", "de", "2025-04-10", "Eine russische Drohne traf ein Krankenhaus in Kramatorsk.",
			"place target killed injured consequences", []string{"gn:704508 medical - - none"}},
		{"ru: госпиталь", "ru", "2025-04-10", "Украинский дрон попал в госпиталь в Белгороде.",
			"place target killed injured consequences", []string{"gn:578072 medical - - none"}},
		{"uk: госпіталь", "uk", "2025-04-10", "Російський дрон влучив у госпіталь у Краматорську.",
			"place target killed injured consequences", []string{"gn:704508 medical - - none"}},
	})
}

// TestGunfireIsNoBlaze: "artillery fire", "fired on", "открыли огонь" are
// shooting: a strike, but no fire as its consequence.
func TestGunfireIsNoBlaze(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: artillery fire", "en", "2025-04-10", "Russian artillery fire hit Kherson overnight.",
			"place perpetrator consequences", []string{"gn:706448 RU none"}},
		{"en mirror: fired on", "en", "2025-04-10", "Ukrainian forces fired on Belgorod overnight, the governor said.",
			"place perpetrator consequences", []string{"gn:578072 UA none"}},
		{"en: damaged by artillery fire, cutting electricity", "en", "2025-04-10", "A substation in Zaporizhzhia oblast was damaged by Russian artillery fire, cutting electricity to 12 villages.",
			"place perpetrator consequences", []string{"adm1:UA-23 RU power_outage,damage"}},
		{"en mirror: damaged by artillery fire, cutting electricity", "en", "2025-04-10", "A substation in Kursk oblast was damaged by Ukrainian artillery fire, cutting electricity to 12 villages.",
			"place perpetrator consequences", []string{"adm1:RU-KRS UA power_outage,damage"}},
		{"en: a fire broke out", "en", "2025-04-10", "A Russian drone hit a house in Sumy, and a fire broke out.",
			"place perpetrator consequences", []string{"gn:692194 RU fire"}},
		{"ru: открыли огонь", "ru", "2025-04-10", "Украинские военные открыли огонь по Белгороду, сообщил губернатор.",
			"place perpetrator consequences", []string{"gn:578072 UA none"}},
		{"ru mirror: артиллерийский огонь", "ru", "2025-04-10", "Российская армия обстреляла Херсон, артиллерийский огонь не стихал всю ночь, сообщила ОВА.",
			"place perpetrator consequences", []string{"gn:706448 RU none"}},
		{"uk: відкрили вогонь", "uk", "2025-04-10", "Російські військові відкрили вогонь по Херсону, повідомила ОВА.",
			"place perpetrator consequences", []string{"gn:706448 RU none"}},
		{"de: unter Feuer", "de", "2025-04-10", "Ukrainische Truppen nahmen Belgorod unter Feuer, teilte der Gouverneur mit.",
			"place perpetrator consequences", []string{"gn:578072 UA none"}},
		{"de: ein Feuer brach aus", "de", "2025-04-10", "Eine russische Drohne traf ein Haus in Sumy, ein Feuer brach aus.",
			"place perpetrator consequences", []string{"gn:692194 RU fire"}},
	})
}

// TestOnePersonCounts: one person named in the singular as killed or
// injured, with no number, is a count of one.
func TestOnePersonCounts(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"uk: поранено жінку", "uk", "2025-04-10", "У Сумах внаслідок удару російського дрона поранено жінку.",
			"place perpetrator killed injured", []string{"gn:692194 RU - 1"}},
		{"uk mirror: загинув чоловік", "uk", "2025-04-10", "Внаслідок удару українського дрона по Бєлгороду загинув чоловік.",
			"place perpetrator killed injured", []string{"gn:578072 UA 1 -"}},
		{"ru: ранена женщина", "ru", "2025-04-10", "В Белгороде в результате удара украинского дрона ранена женщина.",
			"place perpetrator killed injured", []string{"gn:578072 UA - 1"}},
		{"ru mirror: ранен мужчина", "ru", "2025-04-10", "В Сумах в результате удара российского дрона ранен мужчина.",
			"place perpetrator killed injured", []string{"gn:692194 RU - 1"}},
		{"de: eine Frau verletzt", "de", "2025-04-10", "In Sumy wurde bei einem russischen Drohnenangriff eine Frau verletzt.",
			"place perpetrator killed injured", []string{"gn:692194 RU - 1"}},
		{"de mirror: Mann getötet, no article", "de", "2025-04-10", "Ukrainischer Drohnenangriff auf Belgorod: Mann getötet.",
			"place perpetrator killed injured", []string{"gn:578072 UA 1 -"}},
		{"en: a woman was injured", "en", "2025-04-10", "In Sumy a woman was injured in a Russian drone attack.",
			"place perpetrator killed injured", []string{"gn:692194 RU - 1"}},
		{"en mirror: man killed, no article", "en", "2025-04-10", "Ukrainian drone attack on Belgorod: man killed.",
			"place perpetrator killed injured", []string{"gn:578072 UA 1 -"}},
		{"en: civilian population is no one person", "en", "2025-04-10", "A Russian drone attack on Sumy left dead and wounded among the civilian population.",
			"place perpetrator killed injured", []string{"gn:692194 RU - -"}},
	})
}

// TestCountsKeepTheirVerb: a count belongs to its own verb; a nearer
// word after the verb that starts another clause ("when a missile") or
// the next count after "and" ("und sieben verletzt") is not it.
func TestCountsKeepTheirVerb(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: five injured when a missile hit", "en", "2025-04-10", "Five people were injured when a Russian missile hit an apartment block in Sumy.",
			"place perpetrator killed injured", []string{"gn:692194 RU - 5"}},
		{"en mirror: four killed after a drone struck", "en", "2025-04-10", "Four people were killed after a Ukrainian drone struck a house in Belgorod.",
			"place perpetrator killed injured", []string{"gn:578072 UA 4 -"}},
		{"de: als eine Rakete", "de", "2025-04-10", "Fünf Menschen wurden verletzt, als eine russische Rakete ein Wohnhaus in Sumy traf.",
			"place perpetrator killed injured", []string{"gn:692194 RU - 5"}},
		{"uk: коли ракета", "uk", "2025-04-10", "П'ятеро людей поранені, коли російська ракета влучила в будинок у Сумах.",
			"place perpetrator killed injured", []string{"gn:692194 RU - 5"}},
		{"ru: когда дрон", "ru", "2025-04-10", "Пять человек ранены, когда украинский дрон атаковал дом в Белгороде.",
			"place perpetrator killed injured", []string{"gn:578072 UA - 5"}},
		{"de: shared auxiliary", "de", "2025-04-10", "Bei einem russischen Raketenangriff auf Sumy wurden zwei Menschen getötet und sieben verletzt.",
			"place perpetrator killed injured", []string{"gn:692194 RU 2 7"}},
		{"de mirror: shared auxiliary", "de", "2025-04-10", "Bei einem ukrainischen Drohnenangriff auf Belgorod wurden drei Menschen getötet und vier verletzt.",
			"place perpetrator killed injured", []string{"gn:578072 UA 3 4"}},
		{"en: killed and seven injured", "en", "2025-04-10", "In a Ukrainian drone attack on Belgorod two people were killed and seven injured.",
			"place perpetrator killed injured", []string{"gn:578072 UA 2 7"}},
		{"uk: загинули двоє і семеро поранені", "uk", "2025-04-10", "Внаслідок російського удару по Сумах загинули двоє людей і семеро поранені.",
			"place perpetrator killed injured", []string{"gn:692194 RU 2 7"}},
		{"ru: погибли два и семеро ранены", "ru", "2025-04-10", "В результате удара украинского дрона по Белгороду погибли два человека и семеро ранены.",
			"place perpetrator killed injured", []string{"gn:578072 UA 2 7"}},
	})
}

// TestStrikeDespiteTruce: a strike said to break a truce ("trotz der
// Waffenruhe") is an incident, whatever words tell the strike.
func TestStrikeDespiteTruce(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"de: trotz der Waffenruhe", "de", "2025-04-10", "Die Ukraine wirft Russland vor, trotz der Waffenruhe ein Umspannwerk im Gebiet Saporischschja beschossen zu haben.",
			"place target perpetrator claimant", []string{"adm1:UA-23 energy RU UA"}},
		{"de mirror: trotz der Waffenruhe", "de", "2025-04-10", "Russland wirft der Ukraine vor, trotz der Waffenruhe ein Umspannwerk im Gebiet Kursk beschossen zu haben.",
			"place target perpetrator claimant", []string{"adm1:RU-KRS energy UA RU"}},
		{"en: despite the truce", "en", "2025-04-10", "Russia accused Ukraine of attacking a substation in the Kursk region despite the truce.",
			"place target perpetrator claimant", []string{"adm1:RU-KRS energy UA RU"}},
		{"uk: попри перемир'я", "uk", "2025-04-10", "Україна звинуватила Росію в тому, що попри перемир'я вона атакувала підстанцію в Запорізькій області.",
			"place target perpetrator claimant", []string{"adm1:UA-23 energy RU UA"}},
		{"ru: несмотря на перемирие", "ru", "2025-04-10", "Россия обвинила Украину в том, что несмотря на перемирие она атаковала подстанцию в Курской области.",
			"place target perpetrator claimant", []string{"adm1:RU-KRS energy UA RU"}},
		{"de: truce talk stays no incident", "de", "2025-04-10", "Russland sagte zu, während der Waffenruhe keine Energieanlagen im Gebiet Saporischschja anzugreifen.",
			"place", nil},
	})
}

// TestPlaceOfStatement: a place named as where a statement is made is no
// place of a strike.
func TestPlaceOfStatement(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"ru: заявили в Москве", "ru", "2025-04-10", "Украинские дроны атаковали подстанцию в Курской области, заявили в Москве.",
			"place target perpetrator", []string{"adm1:RU-KRS energy UA"}},
		{"ru mirror: заявили в Киеве", "ru", "2025-04-10", "Российские дроны атаковали подстанцию в Сумской области, заявили в Киеве.",
			"place target perpetrator", []string{"adm1:UA-59 energy RU"}},
		{"uk: повідомили в Харкові", "uk", "2025-04-10", "Російські дрони атакували підстанцію на Сумщині, повідомили в Харкові.",
			"place target perpetrator", []string{"adm1:UA-59 energy RU"}},
		{"uk mirror: заявили в Москві", "uk", "2025-04-10", "Українські дрони атакували підстанцію в Курській області, заявили в Москві.",
			"place target perpetrator", []string{"adm1:RU-KRS energy UA"}},
		{"de: hieß es in Moskau", "de", "2025-04-10", "Ukrainische Drohnen griffen ein Umspannwerk im Gebiet Kursk an, hieß es in Moskau.",
			"place target perpetrator", []string{"adm1:RU-KRS energy UA"}},
		{"de mirror: hieß es in Kiew", "de", "2025-04-10", "Russische Drohnen griffen ein Umspannwerk im Gebiet Sumy an, hieß es in Kiew.",
			"place target perpetrator", []string{"adm1:UA-59 energy RU"}},
		{"de: teilte die Verwaltung in Charkiw mit", "de", "2025-04-10", "Russische Drohnen griffen ein Umspannwerk im Gebiet Sumy an, teilte die Verwaltung in Charkiw mit.",
			"place target perpetrator", []string{"adm1:UA-59 energy RU"}},
		{"en: officials in Kharkiv said", "en", "2025-04-10", "Russian drones attacked a substation in the Sumy region, officials in Kharkiv said.",
			"place target perpetrator", []string{"adm1:UA-59 energy RU"}},
		{"en mirror: said in Moscow", "en", "2025-04-10", "Ukrainian drones attacked a substation in the Kursk region, the ministry said in Moscow.",
			"place target perpetrator", []string{"adm1:RU-KRS energy UA"}},
		{"uk: a clause that opens the sentence may be the strike's place", "uk", "2025-04-10", "У Харкові повідомили, що російський дрон влучив у будинок.",
			"place target perpetrator", []string{"gn:706483 residential RU"}},
	})
}
