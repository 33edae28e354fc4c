package geo

import (
	"slices"
	"strings"
	"testing"

	"github.com/trucewatch/trucewatch/internal/lang"
)

// mentionAt returns the mention that overlaps the first occurrence of words
// in text, and whether there is one.
func mentionAt(ms []Mention, text, words string) (Mention, bool) {
	at := strings.Index(text, words)
	if at < 0 {
		return Mention{}, false
	}
	for _, m := range ms {
		if m.Span.Start < at+len(words) && at < m.Span.End {
			return m, true
		}
	}
	return Mention{}, false
}

// ruleCase is a sentence, the words of one mention in it, and what the
// scanner should make of them; want "" means no mention.
type ruleCase struct {
	text, words string
	want        string      // the place's gazetteer id
	kind        MentionKind // checked when want is set
	role        MentionRole
	mentionText string // when set, the mention's Text
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	g := mustGazetteer(t)
	for _, tc := range cases {
		ms := g.Scan(tc.text)
		m, ok := mentionAt(ms, tc.text, tc.words)
		switch {
		case tc.want == "" && ok:
			t.Errorf("%q in %q: got %s %s (%v), want no mention", tc.words, tc.text, m.Place.ID, m.Place.Name, m.Kind)
		case tc.want == "":
		case !ok:
			t.Errorf("%q in %q: no mention, want %s", tc.words, tc.text, tc.want)
		case m.Place.ID != tc.want || m.Kind != tc.kind || m.Role != tc.role:
			t.Errorf("%q in %q: got %s %s %v %v, want %s %v %v", tc.words, tc.text, m.Place.ID, m.Place.Name, m.Kind, m.Role, tc.want, tc.kind, tc.role)
		case tc.mentionText != "" && m.Text != tc.mentionText:
			t.Errorf("%q in %q: text %q, want %q", tc.words, tc.text, m.Text, tc.mentionText)
		}
	}
}

// TestDistrictsAndCommunities covers districts and communities named by an
// adjective made from their centre's name (or by the name), and city
// districts, which name no raion.
func TestDistrictsAndCommunities(t *testing.T) {
	runRuleCases(t, []ruleCase{
		// Ukrainian raions: the place is the centre's oblast.
		{text: "Вночі ворог бив по Дніпропетровщині: у Синельниківському районі згорів склад.", words: "Синельниківському", want: "adm1:UA-12", kind: KindDistrict, mentionText: "Синельниківському районі"},
		{text: "Дніпропетровська ОВА: обстріляно населені пункти Криворізького району.", words: "Криворізького", want: "adm1:UA-12", kind: KindDistrict},
		{text: "На Харківщині під ударом були села Богодухівського району.", words: "Богодухівського", want: "adm1:UA-63", kind: KindDistrict},
		{text: "Богодухівський р-н Харківської області знову під обстрілом.", words: "Богодухівський", want: "adm1:UA-63", kind: KindDistrict, mentionText: "Богодухівський р-н"},
		{text: "На Сумщині найбільше обстрілів зазнали Сумський, Шосткинський і Конотопський райони.", words: "Шосткинський", want: "adm1:UA-59", kind: KindDistrict},
		// Russian raions and okrugs.
		{text: "В Брянской области беспилотник атаковал машину в Климовском районе.", words: "Климовском", want: "adm1:RU-BRY", kind: KindDistrict},
		{text: "Курские власти сообщили о раненых жителях Рыльского района.", words: "Рыльского", want: "adm1:RU-KRS", kind: KindDistrict},
		{text: "Губернатор Курской области рассказал об обстреле Глушковского района.", words: "Глушковского", want: "adm1:RU-KRS", kind: KindDistrict},
		{text: "Дроны атаковали Льговский район Курской области.", words: "Льговский", want: "adm1:RU-KRS", kind: KindDistrict},
		{text: "В Белгородской области пострадали жители Грайворонского округа и Валуйского городского округа.", words: "Грайворонского", want: "adm1:RU-BEL", kind: KindDistrict},
		{text: "В Белгородской области пострадали жители Грайворонского округа и Валуйского городского округа.", words: "Валуйского", want: "adm1:RU-BEL", kind: KindDistrict, mentionText: "Валуйского городского округа"},
		// Romanised and German.
		{text: "Drones hit the Dnipropetrovsk region overnight; the Synelnyky and Samarivsky districts reported fires.", words: "Synelnyky", want: "adm1:UA-12", kind: KindDistrict},
		{text: "Drones hit the Dnipropetrovsk region overnight; the Synelnyky and Samarivsky districts reported fires.", words: "Samarivsky", want: "adm1:UA-12", kind: KindDistrict},
		{text: "Power was cut in the Klimovsky district of the Bryansk region.", words: "Klimovsky", want: "adm1:RU-BRY", kind: KindDistrict},
		{text: "Gelenkte Bomben trafen den Bezirk Bilopillja im Gebiet Sumy.", words: "Bilopillja", want: "adm1:UA-59", kind: KindDistrict, mentionText: "Bezirk Bilopillja"},
		{text: "Synelnykivskyi district", words: "Synelnykivskyi", want: "adm1:UA-12", kind: KindDistrict}, // no unit named: the centre is the only one
		// Communities: the place is the centre.
		{text: "На Сумщині у Ворожбянській громаді пошкоджено лінію електропередачі.", words: "Ворожбянській", want: "gn:688961", kind: KindCommunity},
		{text: "На Сумщині без світла лишилися абоненти у Ворожбянській та Білопільській громадах.", words: "Білопільській", want: "gn:712559", kind: KindCommunity},
		{text: "Сумська ОВА: у Великописарівській громаді поранено двох людей.", words: "Великописарівській", want: "gn:690230", kind: KindCommunity},
		{text: "Армія РФ обстріляла Нікопольський район, зокрема Марганецьку громаду.", words: "Марганецьку", want: "gn:701855", kind: KindCommunity},
		{text: "Харківщина: Золочівська ТГ знову під вогнем.", words: "Золочівська", want: "gn:686895", kind: KindCommunity, mentionText: "Золочівська ТГ"},
		{text: "В Сумской области обстрелу подверглась Белопольская община.", words: "Белопольская", want: "gn:712559", kind: KindCommunity},
		{text: "In the Kharkiv region, guided bombs hit villages of the Zolochiv community.", words: "Zolochiv", want: "gn:686895", kind: KindCommunity},
		// A community whose centre the gazetteer lacks falls back to its oblast.
		{text: "In Sumy Oblast, two people were hurt in the Yunakivka community.", words: "Yunakivka", want: "adm1:UA-59", kind: KindFallback},
		{text: "На Дніпропетровщині дісталося Вербківській громаді Павлоградського району.", words: "Вербківській", want: "adm1:UA-12", kind: KindFallback},
		// City districts are no raions: their city is named nearby.
		{text: "У Харкові уламки впали в Київському районі.", words: "Київському", want: ""},
		{text: "Дрон влучив у будинок у Київському районі Харкова.", words: "Київському", want: ""},
		{text: "A shell damaged a school in Kharkiv city's Osnovyanskyi district on Monday.", words: "Osnovyanskyi", want: ""},
		{text: "In Kherson, shelling hit a bus in the Dniprovskyi district.", words: "Dniprovskyi", want: ""},
		{text: "Окупанти обстріляли Дніпровський район Херсона.", words: "Дніпровський", want: ""},
		{text: "Kharkiv came under attack again. In the Kyivskyi district, a drone hit a house.", words: "Kyivskyi", want: ""},
		// "в районі" is "in the area of", not a district.
		{text: "Вибухи пролунали в районі Вовчанська.", words: "Вовчанська", want: "gn:689304", kind: KindName},
	})
}

// TestFallbackVillages covers names after a settlement word that the
// gazetteer lacks: they fall back to the unit the text puts them in.
func TestFallbackVillages(t *testing.T) {
	runRuleCases(t, []ruleCase{
		// A district or community in the same phrase.
		{text: "Богодухівський р-н, Краснокутська ТГ, с. Вишневий Яр: дрон влучив у будинок.", words: "Вишневий", want: "adm1:UA-63", kind: KindFallback, mentionText: "Вишневий Яр"},
		{text: "Дрон атаковал машину у деревни Кривоколенка Рыльского района.", words: "Кривоколенка", want: "adm1:RU-KRS", kind: KindFallback, mentionText: "Кривоколенка"},
		// A unit named in the same sentence.
		{text: "В селе Малые Хатки Белгородской области загорелся дом.", words: "Малые Хатки", want: "adm1:RU-BEL", kind: KindFallback, mentionText: "Малые Хатки"},
		{text: "Russian shelling hit the village of Zhovtoyarivka in Sumy Oblast.", words: "Zhovtoyarivka", want: "adm1:UA-59", kind: KindFallback},
		{text: "Im Dorf Sakoworotnje im Gebiet Charkiw wurde ein Haus zerstört.", words: "Sakoworotnje", want: "adm1:UA-63", kind: KindFallback},
		// The one unit the text's context points to.
		{text: "Губернатор Курской области рассказал о ночной атаке. Пострадал посёлок Малохатки.", words: "Малохатки", want: "adm1:RU-KRS", kind: KindFallback},
		// No unit: no mention.
		{text: "В селе Малохатки загорелся дом.", words: "Малохатки", want: ""},
		// A known village of another oblast is not the one meant.
		{text: "Белгородский губернатор: дрон ударил по машине у села Борки Валуйского округа.", words: "Борки", want: "adm1:RU-BEL", kind: KindFallback},
		// A known village stays itself.
		{text: "В Белгородской области обстреляли село Новая Таволжанка.", words: "Новая Таволжанка", want: "gn:519473", kind: KindName},
		// "с" without a full stop is the preposition.
		{text: "Встреча с Малохатки не состоялась.", words: "Малохатки", want: ""},
	})
}

// TestNotPlaces covers ordinary words, acronyms, company names and people's
// names that some place is also called.
func TestNotPlaces(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "No one was hurt in the strike on Sumy.", words: "No", want: ""},
		{text: "More than twenty drones were shot down.", words: "More", want: ""},
		{text: "Police said two people were detained.", words: "Police", want: ""},
		{text: "Air defence units downed most of the drones.", words: "Air", want: ""},
		{text: "Армия России ударила по Харькову КАБами.", words: "КАБами", want: ""},
		{text: "Голова ХОВА повідомив про обстріл.", words: "ХОВА", want: ""},
		{text: "ОДА повідомила про пошкодження.", words: "ОДА", want: ""},
		{text: "Власти ДНР сообщили об обстреле.", words: "ДНР", want: "adm1:UA-14", kind: KindName},
		{text: "TASS reported the attack.", words: "TASS", want: ""},
		{text: "Повреждена подстанция филиала ПАО «Россети Центр» в Курской области.", words: "Центр", want: ""},
		{text: "Без воды остались абоненты компании \"Вода Донбасса\".", words: "Донбасса", want: ""},
		{text: "Пожар начался на территории агрофирмы «Южная».", words: "Южная", want: ""},
		{text: "Кроме того, сбиты два беспилотника.", words: "Кроме", want: ""},
		{text: "Тим часом у Сумах пролунали вибухи.", words: "Тим", want: ""},
		{text: "Додому повертаються двоє військових.", words: "Додому", want: ""},
		{text: "Später wurde ein weiteres Haus getroffen.", words: "Später", want: ""},
		// An adjective that a village bears as its name, before a noun it
		// agrees with, is an adjective.
		{text: "Парафія Української православної церкви Московського патріархату перейшла до ПЦУ.", words: "Московського", want: ""},
		{text: "Московський патріархат не відповів на запит.", words: "Московський", want: ""},
		{text: "Тривогу оголосили о шостій за Московським часом.", words: "Московським", want: ""},
		{text: "Сирени лунали до восьмої Московського часу.", words: "Московського", want: ""},
		{text: "Кавказький регіон лишається неспокійним.", words: "Кавказький", want: ""},
		{text: "Приход Московского патриархата закрыт.", words: "Московского", want: ""},
		{text: "Кавказский регион остаётся неспокойным.", words: "Кавказский", want: ""},
		// An adverb, a verb or another adjective after it is no noun.
		{text: "Вибухи пролунали у Первомайському вночі.", words: "Первомайському", want: "gn:697576", kind: KindName},
		{text: "Первомайський зазнав обстрілу вночі.", words: "Первомайський", want: "gn:697576", kind: KindName},
		{text: "Первомайський міський голова повідомив про вибухи.", words: "Первомайський", want: "gn:697576", kind: KindName},
		// A facility word after it is left to the facility rule: the town.
		{text: "Жуковский аэродром снова атакован.", words: "Жуковский", want: "gn:462755", kind: KindName},
		// A settlement word before it makes it the village.
		{text: "Вибухи пролунали у станиці Кавказька вночі.", words: "Кавказька", want: "gn:551669", kind: KindName},
		// Surnames after a first name or a title.
		{text: "Об этом сообщил пресс-секретарь Кремля Дмитрий Песков.", words: "Песков", want: ""},
		{text: "Брифинг провела Мария Захарова.", words: "Захарова", want: ""},
		{text: "Про обстріл повідомив голова ОВА Сергій Лисак.", words: "Сергій", want: ""},
		{text: "Об этом заявил губернатор Малков.", words: "Малков", want: ""},
		// A city after a title is the city.
		{text: "Об этом сообщил мэр Харькова Игорь Терехов.", words: "Харькова", want: "gn:706483", kind: KindName, role: RoleTitle},
		// A town named like a first name with another ending is the town.
		{text: "Олександрія Кіровоградської області зазнала удару.", words: "Олександрія", want: "gn:698625", kind: KindName},
	})
}

// TestFacilityAdjectives covers an adjective before a facility or its
// abbreviation: it names the town it is made from, unless a place bears the
// adjective as its name and the town is not far larger.
func TestFacilityAdjectives(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "Дрони атакували Московський НПЗ уночі.", words: "Московський", want: "gn:524901", kind: KindName},
		{text: "Беспилотники атаковали Московский НПЗ.", words: "Московский", want: "gn:524901", kind: KindName},
		{text: "Уражено цех Московського нафтопереробного заводу.", words: "Московського", want: "gn:524901", kind: KindName},
		{text: "Обломки упали на территории Рязанского НПЗ.", words: "Рязанского", want: "gn:500096", kind: KindName},
		{text: "Дрони атакували Афипский НПЗ.", words: "Афипский", want: "gn:584126", kind: KindName},
		{text: "Пожежа на нафтоперекачувальній станції у станиці Кавказькій.", words: "Кавказькій", want: "gn:551669", kind: KindName},
		// An adjective after a Soviet figure names a city district, not
		// the town or village of that name.
		{text: "Сотрудники Советского РОВД задержали водителя.", words: "Советского", want: ""},
		{text: "Советский завод выпускал станки.", words: "Советский", want: ""},
		{text: "Кировский РОВД ищет свидетелей.", words: "Кировский", want: ""},
		{text: "Кировский завод в Санкт-Петербурге делает тракторы.", words: "Кировский", want: ""},
		{text: "Жовтневий ТЦК оголосив набір.", words: "Жовтневий", want: ""},
		// A town named after the facility: the adjective is its district.
		{text: "Приморский РОВД Санкт-Петербурга начал проверку.", words: "Приморский", want: ""},
		{text: "Приморський ТЦК та СП Одеси оголосив збір.", words: "Приморський", want: ""},
		{text: "Самарський ТЦК у Дніпрі перевіряє документи.", words: "Самарський", want: ""},
		// A region's adjective names no town.
		{text: "Кузбасский завод остановил линию.", words: "Кузбасский", want: ""},
		// A town abroad whose name the adjective seems made of does not
		// stand in for the town at home (Kure in Japan).
		{text: "Дроны летели на Курскую АЭС.", words: "Курскую", want: "gn:538560", kind: KindName},
	})
}

// TestUnitLists covers a unit word in the plural before or after a list of
// names: each name is its unit.
func TestUnitLists(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "Betroffen waren die Gebiete Sumy und Charkiw.", words: "Charkiw", want: "adm1:UA-63", kind: KindName},
		{text: "Gekämpft wird in den Oblasten Donezk und Luhansk.", words: "Luhansk", want: "adm1:UA-09", kind: KindName},
		{text: "Strikes hit the Bryansk, Kursk and Voronezh regions.", words: "Bryansk", want: "adm1:RU-BRY", kind: KindName},
		{text: "They fought in Zaporizhzhia, Kharkiv and Chernihiv oblasts.", words: "Kharkiv", want: "adm1:UA-63", kind: KindName},
	})
}

// TestRepublicNoList covers a republic's name before a list: the word
// "republic" is singular and names one unit, so the towns listed after it
// stay towns.
func TestRepublicNoList(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "Ночью дроны летели на Республику Татарстан, Москву и Рязань.", words: "Москву", want: "gn:524901", kind: KindName},
		{text: "Вночі дрони летіли на Республіку Башкортостан, Самару та Саратов.", words: "Самару", want: "gn:499099", kind: KindName},
		{text: "Учения идут в Республике Беларусь, Гомеле и Бресте.", words: "Гомеле", want: "gn:627907", kind: KindName},
		{text: "Der Minister besuchte die Republik Moldau, Chișinău und Bălți.", words: "Chișinău", want: "gn:618426", kind: KindName},
		{text: "Nachts flogen Drohnen auf die Teilrepublik Baschkortostan, Samara und Saratow.", words: "Saratow", want: "gn:498677", kind: KindName},
		{text: "Тревогу объявили в Республике Крым, Севастополе и Херсоне.", words: "Севастополе", want: "gn:694423", kind: KindName},
		// A plural unit word still covers the list.
		{text: "Nachts trafen Drohnen die Gebiete Belgorod, Kursk und Woronesch.", words: "Woronesch", want: "adm1:RU-VOR", kind: KindName},
		{text: "Drones struck the regions of Kursk, Belgorod and Bryansk.", words: "Bryansk", want: "adm1:RU-BRY", kind: KindName},
	})
}

// TestPlacesAbroad covers places outside Ukraine and Russia, which stand
// only where the text supports them.
func TestPlacesAbroad(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "The talks will go on in Riyadh next week.", words: "Riyadh", want: "gn:108410", kind: KindName}, // a capital
		{text: "Delegations met in Istanbul.", words: "Istanbul", want: "gn:745044", kind: KindName},            // a city of millions
		{text: "Negotiators will meet in Geneva.", words: "Geneva", want: "gn:2660646", kind: KindName},         // listed in the supplement
		{text: "Anton Heraschtschenko schrieb auf X.", words: "Anton", want: ""},
		{text: "Odessa, Texas, is an oil town.", words: "Odessa", want: "gn:5527554", kind: KindName}, // Texas names the country
		{text: "Ein Zug aus Przemyśl kam in Kiew an.", words: "Przemyśl", want: ""},
		{text: "Ein Zug aus Przemyśl in Polen kam in Kiew an.", words: "Przemyśl", want: "gn:761168", kind: KindName},
	})
}

// TestRoles covers datelines and places that are part of a title.
func TestRoles(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "SUMY (dpa-AFX) - Russische Bomben trafen Sumy erneut.", words: "SUMY", want: "gn:692194", kind: KindName, role: RoleDateline},
		{text: "SUMY (dpa-AFX) - Russische Bomben trafen Sumy erneut.", words: "Sumy erneut", want: "gn:692194", kind: KindName},
		{text: "Titel der Meldung\n\nKIEW (dpa-AFX) - In Kiew fiel der Strom aus.", words: "KIEW", want: "gn:703448", kind: KindName, role: RoleDateline},
		{text: "MOSCOW, March 27. /TASS/. Drones attacked the Bryansk Region.", words: "MOSCOW", want: "gn:524901", kind: KindName, role: RoleDateline},
		{text: "Moskau/Kiew (dpa) - Beide Seiten tauschten Gefangene aus.", words: "Moskau", want: "gn:524901", kind: KindName, role: RoleDateline},
		{text: "Moskau/Kiew (dpa) - Beide Seiten tauschten Gefangene aus.", words: "Kiew", want: "gn:703448", kind: KindName, role: RoleDateline},
		{text: "Strikes hit the city\n\n(LONDON) -- Five people were hurt.", words: "LONDON", want: "gn:2643743", kind: KindName, role: RoleDateline},
		{text: "Kharkiv was shelled again (officials said) overnight.", words: "Kharkiv", want: "gn:706483", kind: KindName},
		{text: "Це підтвердив у Telegram голова Сумської ОВА.", words: "Сумської", want: "gn:692194", kind: KindName, role: RoleTitle},
		{text: "Про це повідомили у Сумській обласній прокуратурі та у Сумської обласної прокуратури.", words: "Сумської", want: "adm1:UA-59", kind: KindName, role: RoleTitle},
		{text: "Заяву зробив начальник Дніпропетровської обласної військової адміністрації.", words: "Дніпропетровської", want: "adm1:UA-12", kind: KindName, role: RoleTitle},
		{text: "Так написал в Telegram глава Херсонской областной военной администрации.", words: "Херсонской", want: "adm1:UA-65", kind: KindName, role: RoleTitle},
		{text: "Об этом сообщил врио губернатора Курской области.", words: "Курской", want: "adm1:RU-KRS", kind: KindName, role: RoleTitle},
		{text: "Kharkiv Oblast Governor Oleh Syniehubov said two people were hurt.", words: "Kharkiv", want: "adm1:UA-63", kind: KindName, role: RoleTitle},
		{text: "Dnipro Oblast Governor Serhiy Lysak reported a fire.", words: "Dnipro", want: "adm1:UA-12", kind: KindName, role: RoleTitle},
		{text: "The head of the Dnipropetrovsk administration reported damage.", words: "Dnipropetrovsk", want: "gn:709930", kind: KindName, role: RoleTitle},
		{text: "Das teilte der Gouverneur der Region Belgorod mit.", words: "Belgorod", want: "adm1:RU-BEL", kind: KindName, role: RoleTitle},
		{text: "Das sagte der Chef der Militärverwaltung der Stadt Sumy.", words: "Sumy", want: "gn:692194", kind: KindName, role: RoleTitle},
		{text: "Kiews Bürgermeister Vitali Klitschko rief zur Vorsicht auf.", words: "Kiews", want: "gn:703448", kind: KindName, role: RoleTitle},
		{text: "A missile struck the Kharkiv Oblast city of Izium at night.", words: "Izium", want: "gn:707292", kind: KindName},
		{text: "A missile struck the Kharkiv Oblast city of Izium at night.", words: "Kharkiv", want: "adm1:UA-63", kind: KindName},
	})
}

// TestCentres checks that district and community words lead to the
// settlements they are named after.
func TestCentres(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct{ word, want string }{
		{"синельниківському", "gn:693796"},  // Синельникове
		{"павлоградського", "gn:697889"},    // Павлоград
		{"білопільській", "gn:712559"},      // Білопілля
		{"ворожбянській", "gn:688961"},      // Ворожба
		{"великописарівській", "gn:690230"}, // Велика Писарівка (compound)
		{"криворізького", "gn:703845"},      // Кривий Ріг (compound, з from г)
		{"марганецьку", "gn:701855"},        // Марганець
		{"межівській", "gn:701305"},         // Межова (і for о)
		{"рыльского", "gn:695019"},          // Рыльск (the name ends in -ск)
		{"льговском", "gn:535334"},          // Льгов
		{"валуйского", "gn:477192"},         // Валуйки
		{"белопольской", "gn:712559"},       // Белополье
		{"глушковского", "gn:560995"},       // Глушково
		{"грайворонского", "gn:559034"},     // Грайворон
		{"synelnykivskyi", "gn:693796"},
		{"synelnyky", "gn:693796"},
		{"klimovsky", "gn:547591"},
		{"zolochiv", "gn:686895"},
		{"samarivsky", "gn:699445"}, // Samar, formerly Novomoskovsk
	}
	for _, tt := range tests {
		var got []string
		ok := false
		for _, e := range g.centres(tt.word, nil) {
			id := g.entries[e].place.ID
			got = append(got, id)
			ok = ok || id == tt.want
		}
		if !ok {
			t.Errorf("centres(%q) = %v, want %s among them", tt.word, got, tt.want)
		}
	}
}

func TestIsAcronym(t *testing.T) {
	tests := map[string]bool{
		"КАБами": true, "БпЛА": true, "ВСУ": true, "ЗСУ": true, "НПЗ": true, "ДТЕК": true, "ОВА": true, "TASS": true, "ДТЕКу": true,
		"Sumy": false, "SUMYOBLAST": false, "Київ": false, "A": false, "Ukraine": false, "NATO": true, "Харкові": false,
	}
	for w, want := range tests {
		if got := isAcronym(w); got != want {
			t.Errorf("isAcronym(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestFirstNameForms(t *testing.T) {
	tests := []struct {
		name string
		want []string
		not  []string
	}{
		{"олег", []string{"олега", "олегу", "олегом"}, nil},
		{"сергій", []string{"сергія", "сергію"}, []string{"сергійа"}},
		{"дмитрий", []string{"дмитрия"}, nil},
		{"олена", []string{"олени", "олену", "оленою"}, nil},
		{"марія", []string{"марії", "марію"}, nil},
		{"олександр", []string{"олександра"}, []string{"олександрія", "олександрії"}},
	}
	for _, tt := range tests {
		forms := firstNameForms(tt.name)
		for _, f := range tt.want {
			if !strings.Contains(" "+strings.Join(forms, " ")+" ", " "+f+" ") {
				t.Errorf("firstNameForms(%q) = %v, want %q among them", tt.name, forms, f)
			}
		}
		for _, f := range tt.not {
			if strings.Contains(" "+strings.Join(forms, " ")+" ", " "+f+" ") {
				t.Errorf("firstNameForms(%q) = %v, want no %q", tt.name, forms, f)
			}
		}
	}
}

func TestIsDateline(t *testing.T) {
	tests := []struct {
		text, place string
		want        bool
	}{
		{"SUMY (dpa-AFX) - Text.", "SUMY", true},
		{"KYIV, May 5 (Reuters) - Text.", "KYIV", true},
		{"MOSCOW, March 27. /TASS/. Text.", "MOSCOW", true},
		{"Moskau/Kiew (dpa) - Text.", "Kiew", true},
		{"(LONDON) -- Text.", "LONDON", true},
		{"Kyiv, which was hit (again), said.", "Kyiv", false},
		{"In Kyiv (dpa) - Text.", "Kyiv", false},
		{"One\nTwo\nThree\nSUMY (dpa-AFX) - Text.", "SUMY", false}, // too far into the text
	}
	for _, tt := range tests {
		at := strings.Index(tt.text, tt.place)
		if got := isDateline(tt.text, at, at+len(tt.place)); got != tt.want {
			t.Errorf("isDateline(%q, %q) = %v, want %v", tt.text, tt.place, got, tt.want)
		}
	}
}

// TestScanInOrder checks that mentions come in text order and do not
// overlap, as callers that walk them with the words rely on.
func TestScanInOrder(t *testing.T) {
	g := mustGazetteer(t)
	text := corpus(t, 1<<16) + " Богодухівський р-н, Краснокутська ТГ, с. Вишневий Яр. У Синельниківському та Павлоградському районах, у Ворожбянській громаді."
	ms := g.ScanWords(text, lang.Words(text))
	for i := 1; i < len(ms); i++ {
		if ms[i].Span.Start < ms[i-1].Span.End {
			t.Fatalf("mention %d %q at %d overlaps %q ending at %d", i, ms[i].Text, ms[i].Span.Start, ms[i-1].Text, ms[i-1].Span.End)
		}
	}
}

// TestCentres checks that an adjective alone names its centre: what a
// report says after naming one district ("у Куп'янському районі, в
// Ізюмському ...").
func TestCentresExported(t *testing.T) {
	g := mustGazetteer(t)
	for _, tt := range []struct{ word, want string }{
		{"Ізюмському", "UA-63"},
		{"Чугуївському", "UA-63"},
		{"Білопільській", "UA-59"},
	} {
		found := false
		for _, p := range g.Centres(tt.word) {
			found = found || p.Admin1 == tt.want
		}
		if !found {
			t.Errorf("Centres(%q) = %v, want a centre in %s", tt.word, g.Centres(tt.word), tt.want)
		}
	}
}

// TestRegionsOf checks "the regions of X and Y": both are units.
func TestRegionsOf(t *testing.T) {
	g := mustGazetteer(t)
	ms := g.Scan("Before dawn, drones attacked the regions of Luhansk and Kherson.")
	var got []string
	for _, m := range ms {
		got = append(got, m.Place.ID)
	}
	if len(got) != 2 || got[0] != "adm1:UA-09" || got[1] != "adm1:UA-65" {
		t.Errorf("got %v, want the Luhansk and Kherson oblasts", got)
	}
}

// TestAdjectiveBeforeLNoun covers an adjective a town bears as its name
// before a noun whose stem ends in -л (вокзал, причал, канал): some of its
// forms end like a past-tense verb, yet it is a noun, so the adjective is
// no place. A real verb after the name still leaves the town.
func TestAdjectiveBeforeLNoun(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "Электричка ушла с Московского вокзала с опозданием.", words: "Московского", want: ""},
		{text: "Мы встретились у Курского вокзала утром.", words: "Курского", want: ""},
		{text: "Финляндский вокзал закрыли на ремонт.", words: "Финляндский", want: ""},
		{text: "Пасажири чекали на Київському вокзалі.", words: "Київському", want: ""},
		{text: "Баржа стояла у Московского причала.", words: "Московского", want: ""},
		{text: "Кавказький квартал перекрили.", words: "Кавказький", want: ""},
		{text: "Поезд прибыл на Московский вокзал Петербурга.", words: "Московский", want: ""},
		// A verb in the past after the name: the town.
		{text: "Первомайский пострадал от обстрела.", words: "Первомайский", want: "gn:697576", kind: KindName},
		{text: "Первомайський зазнав обстрілу вночі.", words: "Первомайський", want: "gn:697576", kind: KindName},
	})
}

// TestRussianTownsInUkrainian covers Russian towns near the border as
// Ukrainian text spells and declines them: Ukrainian respelling (і for и,
// -ськ), и kept after a hushing consonant, the names in -ово and -ино
// declined as adjectives, and Ukrainian forms that only the supplement
// lists.
func TestRussianTownsInUkrainian(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "Уночі вибухи лунали в Новошахтинську.", words: "Новошахтинську", want: "gn:517963", kind: KindName},
		{text: "Новошахтинськ знову атакували дрони.", words: "Новошахтинськ", want: "gn:517963", kind: KindName},
		{text: "Уламки впали на околиці Новошахтинська.", words: "Новошахтинська", want: "gn:517963", kind: KindName},
		{text: "Дрон упав поблизу Шебекіного.", words: "Шебекіного", want: "gn:495112", kind: KindName},
		{text: "У Шебекиному пошкоджено будинок.", words: "Шебекиному", want: "gn:495112", kind: KindName},
		{text: "На аеродромі в Міллеровому пролунали вибухи.", words: "Міллеровому", want: "gn:526558", kind: KindName},
		{text: "У Валуйках пошкоджено підстанцію.", words: "Валуйках", want: "gn:477192", kind: KindName},
		{text: "Під Грайвороном загорілася техніка.", words: "Грайвороном", want: "gn:559034", kind: KindName},
		{text: "У Суджі зруйновано міст.", words: "Суджі", want: "gn:486816", kind: KindName},
		{text: "Дрони атакували Рильськ.", words: "Рильськ", want: "gn:695019", kind: KindName},
		{text: "Над Брянськом збили безпілотник.", words: "Брянськом", want: "gn:571476", kind: KindName},
		{text: "У Клинцях оголосили тривогу.", words: "Клинцях", want: "gn:547475", kind: KindName},
		{text: "У Таганрозі горить завод.", words: "Таганрозі", want: "gn:484907", kind: KindName},
		{text: "Цимлянськ залишився без світла.", words: "Цимлянськ", want: "gn:480876", kind: KindName},
	})
}

// TestAdjectiveRepublics covers countries named by their long form, an
// adjective and the word republic, in every case; a unit of Russia or
// Ukraine named the same way stays the unit.
func TestAdjectiveRepublics(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "Die Tschechische Republik liefert Munition.", words: "Tschechische Republik", want: "country:CZ", kind: KindName},
		{text: "Der Präsident der Slowakischen Republik sprach in Bratislava.", words: "Slowakischen Republik", want: "country:SK", kind: KindName},
		{text: "Посол Чеської Республіки відвідав Харків.", words: "Чеської Республіки", want: "country:CZ", kind: KindName},
		{text: "У Словацькій Республіці пройшли вибори.", words: "Словацькій Республіці", want: "country:SK", kind: KindName},
		{text: "Премьер Чешской Республики прибыл с визитом.", words: "Чешской Республики", want: "country:CZ", kind: KindName},
		{text: "Делегация Французской Республики выступила в ООН.", words: "Французской Республики", want: "country:FR", kind: KindName},
		{text: "The Slovak Republic closed its airspace.", words: "Slovak Republic", want: "country:SK", kind: KindName},
		// A republic of Russia or a self-styled one in Ukraine stays a unit.
		{text: "В Чеченской Республике прошли учения.", words: "Чеченской Республике", want: "adm1:RU-CE", kind: KindName},
		{text: "Власти Донецкой Народной Республики сообщили об обстреле.", words: "Донецкой Народной Республики", want: "adm1:UA-14", kind: KindName},
		// The word alone names nothing.
		{text: "Президент республики выступил с обращением.", words: "республики", want: ""},
	})
}

// TestSeatRegions covers a unit named after its centre where the unit's
// own name differs (Dnipro for Dnipropetrovsk, Kropyvnytskyi for
// Kirovohrad): with a region word the name is the oblast; without one it
// stays the city.
func TestSeatRegions(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "Power cuts hit the Dnipro region on Monday.", words: "Dnipro", want: "adm1:UA-12", kind: KindName},
		{text: "Farmers from the Kharkiv, Dnipro and Poltava regions met in Kyiv.", words: "Dnipro", want: "adm1:UA-12", kind: KindName},
		{text: "Im Gebiet Dnipro fiel der Strom aus.", words: "Dnipro", want: "adm1:UA-12", kind: KindName},
		{text: "In der Region Kropywnyzkyj blieb es ruhig.", words: "Kropywnyzkyj", want: "adm1:UA-35", kind: KindName},
		{text: "Schools in the Kropyvnytskyi region reopened.", words: "Kropyvnytskyi", want: "adm1:UA-35", kind: KindName},
		// No region word: the city.
		{text: "A missile hit a depot in Dnipro.", words: "Dnipro", want: "gn:709930", kind: KindName},
		{text: "Kropyvnytskyi city council met on Friday.", words: "Kropyvnytskyi", want: "gn:705812", kind: KindName},
		// A unit with the centre's name stays itself.
		{text: "Drones were downed over the Lviv region.", words: "Lviv", want: "adm1:UA-46", kind: KindName},
	})
}

// TestCountryAsActor covers a country named as the one who strikes: it
// says nothing of where the places it strikes lie, so an ambiguous town is
// not pulled into it. A country named as a location still is context.
func TestCountryAsActor(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{text: "Росія вдарила по Первомайському вночі.", words: "Первомайському", want: "gn:697576", kind: KindName},
		{text: "Россия нанесла удар по Первомайскому.", words: "Первомайскому", want: "gn:697576", kind: KindName},
		{text: "Russia struck Pervomaiskyi overnight.", words: "Pervomaiskyi", want: "gn:697576", kind: KindName},
		// A location: the town in that country.
		{text: "У Росії вибухи пролунали в Первомайському.", words: "Первомайському", want: "gn:579831", kind: KindName},
	})
}

// TestAfterLocative covers the words before a country's name that make it
// a location.
func TestAfterLocative(t *testing.T) {
	for _, tt := range []struct {
		text, country string
		want          bool
	}{
		{"Explosions in Russia overnight.", "Russia", true},
		{"Explosionen in der Ukraine.", "Ukraine", true},
		{"Drohnen trafen im Land Russland Ziele.", "Russland", false},
		{"Вибухи у Росії вночі.", "Росії", true},
		{"Удар по России.", "России", true},
		{"Russia struck at night.", "Russia", false},
		{"Росія вдарила вночі.", "Росія", false},
		{"Drones from Russia hit Sumy.", "Russia", false},
		{"Дрони з Росії атакували Суми.", "Росії", false},
	} {
		ws := lang.Words(tt.text)
		i := slices.IndexFunc(ws, func(w lang.Word) bool { return tt.text[w.Start:w.End] == tt.country })
		if got := afterLocative(ws, i); got != tt.want {
			t.Errorf("afterLocative(%q, %q) = %v, want %v", tt.text, tt.country, got, tt.want)
		}
	}
}
