package extract

import "testing"

// The tests in this file come from sentences a reviewer wrote to compare
// two versions of the extractor; each case has its mirror (the other
// party) and its equivalents in the other languages.

// TestGunfireIsAStrike: shooting at a place ("came under fire", "вели
// огонь по", "unter Feuer") is a strike, though its [fire] word is no
// blaze.
func TestGunfireIsAStrike(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: came under fire", "en", "2025-04-10", "Kherson came under fire overnight, the regional governor said.",
			"place perpetrator consequences", []string{"gn:706448 RU none"}},
		{"en mirror: came under fire", "en", "2025-04-10", "Belgorod came under fire overnight, the regional governor said.",
			"place perpetrator consequences", []string{"gn:578072 UA none"}},
		{"ru: вели огонь по Белгороду", "ru", "2025-04-10", "ВСУ вели огонь по Белгороду, сообщил губернатор.",
			"place perpetrator consequences", []string{"gn:578072 UA none"}},
		{"ru mirror: вели огонь по Херсону", "ru", "2025-04-10", "Российские войска вели огонь по Херсону, сообщили в ОВА.",
			"place perpetrator consequences", []string{"gn:706448 RU none"}},
		{"uk: вели вогонь по Херсону", "uk", "2025-04-10", "Російські війська вели вогонь по Херсону, повідомили в ОВА.",
			"place perpetrator consequences", []string{"gn:706448 RU none"}},
		{"uk mirror: вели вогонь по Бєлгороду", "uk", "2025-04-10", "ЗСУ вели вогонь по Бєлгороду, повідомив губернатор.",
			"place perpetrator consequences", []string{"gn:578072 UA none"}},
		{"de: geriet unter Feuer", "de", "2025-04-10", "Cherson geriet in der Nacht unter Feuer, teilte der Gouverneur mit.",
			"place perpetrator consequences", []string{"gn:706448 RU none"}},
		{"de mirror: geriet unter Feuer", "de", "2025-04-10", "Belgorod geriet in der Nacht unter Feuer, teilte der Gouverneur mit.",
			"place perpetrator consequences", []string{"gn:578072 UA none"}},
		{"en: a call to cease fire is no strike", "en", "2025-04-10", "The governor of Kherson called on both sides to cease fire.",
			"place", nil},
	})
}

// TestPlaceInsideAGap: a place in the words a gap of a lexicon phrase
// passes over ("der Strom in Mykolajiw wurde wiederhergestellt") is a
// place of the text, not a word of the phrase.
func TestPlaceInsideAGap(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"de: Strom in Mykolajiw", "de", "2025-04-10", "Russische Drohnen griffen Cherson an, der Strom in Mykolajiw wurde wiederhergestellt.",
			"place perpetrator", []string{"gn:706448 RU", "gn:700569 RU"}},
		{"de mirror: Strom in Kursk", "de", "2025-04-10", "Ukrainische Drohnen griffen Belgorod an, der Strom in Kursk wurde wiederhergestellt.",
			"place perpetrator", []string{"gn:578072 UA", "gn:538560 UA"}},
		{"de: Strom in Isjum, one oblast", "de", "2025-04-10", "Nach dem Angriff auf Charkiw ist der Strom in Isjum wieder hergestellt.",
			"place perpetrator", []string{"gn:706483 RU", "gn:707292 RU"}},
		{"de mirror: Strom in Schebekino, one oblast", "de", "2025-04-10", "Nach dem Angriff auf Belgorod ist der Strom in Schebekino wieder hergestellt.",
			"place perpetrator", []string{"gn:578072 UA", "gn:495112 UA"}},
	})
}

// TestPlaceAfterSaidThat: in the clause that opens a sentence, a place
// after the verb of speech and a complementizer is where the strike was;
// one right after the verb is where it was said.
func TestPlaceAfterSaidThat(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"en: said on Telegram that in Kharkiv", "en", "2025-04-10", "Mayor Terekhov said on Telegram that in Kharkiv, a drone hit a school.",
			"place target weapon", []string{"gn:706483 education drone"}},
		{"en mirror: wrote on Telegram that in Belgorod", "en", "2025-04-10", "The governor wrote on Telegram that in Belgorod, a drone hit a school.",
			"place target weapon", []string{"gn:578072 education drone"}},
		{"de: schrieb, dass in Charkiw", "de", "2025-04-10", "Der Bürgermeister schrieb auf Telegram, dass in Charkiw eine Drohne eine Schule traf.",
			"place target weapon", []string{"gn:706483 education drone"}},
		{"de mirror: dass in Belgorod", "de", "2025-04-10", "Der Gouverneur schrieb auf Telegram, dass in Belgorod eine Drohne eine Schule traf.",
			"place target weapon", []string{"gn:578072 education drone"}},
		{"en: said in Moscow is where it was said", "en", "2025-04-10", "The ministry said in Moscow, Ukrainian drones attacked a substation in the Kursk region.",
			"place target perpetrator", []string{"adm1:RU-KRS energy UA"}},
		{"en mirror: said in Kyiv is where it was said", "en", "2025-04-10", "The ministry said in Kyiv, Russian drones attacked a substation in the Sumy region.",
			"place target perpetrator", []string{"adm1:UA-59 energy RU"}},
	})
}

// TestOnePersonAndACount: one person joined by "and" to a count of people
// ("поранені жінка і двоє дітей") adds one to the count; "and" with a
// count is the next casualty's only when a casualty word follows it.
func TestOnePersonAndACount(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"uk: поранені жінка і двоє дітей", "uk", "2025-04-10", "У Херсоні внаслідок обстрілу поранені жінка і двоє дітей.",
			"place killed injured", []string{"gn:706448 - 3"}},
		{"uk mirror: поранені чоловік і троє дітей", "uk", "2025-04-10", "У Бєлгороді внаслідок удару українського дрона поранені чоловік і троє дітей.",
			"place killed injured", []string{"gn:578072 - 4"}},
		{"ru: ранены женщина и двое детей", "ru", "2025-04-10", "В Белгороде в результате обстрела ранены женщина и двое детей.",
			"place killed injured", []string{"gn:578072 - 3"}},
		{"ru mirror: ранены мужчина и двое детей", "ru", "2025-04-10", "В Херсоне в результате российского обстрела ранены мужчина и двое детей.",
			"place killed injured", []string{"gn:706448 - 3"}},
		{"en: a woman and two children were injured", "en", "2025-04-10", "In Kherson a woman and two children were injured in Russian shelling.",
			"place killed injured", []string{"gn:706448 - 3"}},
		{"en mirror: a man and two children were injured", "en", "2025-04-10", "In Belgorod a man and two children were injured in Ukrainian shelling.",
			"place killed injured", []string{"gn:578072 - 3"}},
		{"ru: погибла женщина и двое ранены", "ru", "2025-04-10", "В Херсоне в результате российского обстрела погибла женщина и двое ранены.",
			"place killed injured", []string{"gn:706448 1 2"}},
		{"uk mirror: загинув чоловік і двоє поранені", "uk", "2025-04-10", "У Бєлгороді внаслідок удару українського дрона загинув чоловік і двоє поранені.",
			"place killed injured", []string{"gn:578072 1 2"}},
	})
}

// TestCountedPluralIsNoOnePerson: uk "чоловік" is also the plural counted
// by a quantifier ("кілька чоловік"): no single person, no count.
func TestCountedPluralIsNoOnePerson(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"uk: поранено кілька чоловік", "uk", "2025-04-10", "У Херсоні внаслідок обстрілу поранено кілька чоловік.",
			"place killed injured", []string{"gn:706448 - -"}},
		{"uk mirror: загинули декілька чоловік", "uk", "2025-04-10", "У Бєлгороді внаслідок удару українського дрона загинули декілька чоловік.",
			"place killed injured", []string{"gn:578072 - -"}},
		{"uk: багато чоловік", "uk", "2025-04-10", "Внаслідок російського удару по Сумах поранено багато чоловік.",
			"place killed injured", []string{"gn:692194 - -"}},
		{"uk mirror: загинув чоловік is one", "uk", "2025-04-10", "Внаслідок удару російського дрона по Сумах загинув чоловік.",
			"place killed injured", []string{"gn:692194 1 -"}},
		{"ru: ранены несколько человек", "ru", "2025-04-10", "В Донецке в результате обстрела ранены несколько человек.",
			"place killed injured", []string{"gn:709717 - -"}},
	})
}

// TestAndACountOfThings: "and" and a count of things after a casualty
// count is no casualty count.
func TestAndACountOfThings(t *testing.T) {
	runPhenomena(t, []phenomenon{
		{"de: getötet und sieben Häuser beschädigt", "de", "2025-04-10", "Bei dem Angriff auf Charkiw wurden zwei Menschen getötet und sieben Häuser beschädigt.",
			"place killed injured", []string{"gn:706483 2 -"}},
		{"de mirror: getötet und sieben Häuser beschädigt", "de", "2025-04-10", "Bei dem Angriff auf Belgorod wurden zwei Menschen getötet und sieben Häuser beschädigt.",
			"place killed injured", []string{"gn:578072 2 -"}},
		{"en: injured and 3 houses damaged", "en", "2025-04-10", "Two people were injured and 3 houses were damaged in Sumy.",
			"place killed injured", []string{"gn:692194 - 2"}},
		{"en mirror: injured and 3 houses damaged", "en", "2025-04-10", "Two people were injured and 3 houses were damaged in Belgorod.",
			"place killed injured", []string{"gn:578072 - 2"}},
	})
}
