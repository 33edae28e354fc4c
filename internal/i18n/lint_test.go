package i18n

import (
	"slices"
	"testing"
)

// TestLiterals: the lint finds words a template writes itself, in any
// script, in text and in the attributes a reader sees, and not in
// actions, tags, comments, scripts, styles, numbers or symbols.
func TestLiterals(t *testing.T) {
	for _, c := range []struct {
		name, text string
		allow      []string
		want       []string // Where: Text
	}{
		{"header", `<tr><th>Status</th><th>{{t "col.day"}}</th></tr>`, nil, []string{"text: Status"}},
		{"cyrillic", `<p>{{t "x"}} — Статус</p>`, nil, []string{"text: — Статус"}},
		{"after an action", `<td>{{.N}} incidents</td>`, nil, []string{"text: incidents"}},
		{"in a branch", `{{if .X}}<b>yes</b>{{else}}{{t "no"}}{{end}}`, nil, []string{"text: yes"}},
		{"in a define", `{{define "x"}}<span>open</span>{{end}}`, nil, []string{"text: open"}},
		{"title", `<a href="/" title="Go home">{{t "home"}}</a>`, nil, []string{"title: Go home"}},
		{"data-label", `<td data-label="Day">{{.Day}}</td>`, nil, []string{"data-label: Day"}},
		{"aria-label", `<nav aria-label="{{t "lang"}} menu"></nav>`, nil, []string{"aria-label: menu"}},
		{"placeholder", `<input name="q" placeholder="search…">`, nil, []string{"placeholder: search…"}},
		{"submit input", `<input type="submit" value="Send"><input type="hidden" name="kind" value="merge">`, nil, []string{"value: Send"}},
		{"button value is sent, not shown", `<button name="kind" value="confirm_incident">{{t "confirm"}}</button>`, nil, nil},
		{"printed constant", `<p>{{"Status"}} {{print "Day " .N}} {{printf "%d days" .N}} {{"status.x" | t}} {{status "alleged"}}</p>`, nil,
			[]string{"action: Status", "action: Day", "action: days"}},
		{"entities", `<p>&amp; &nbsp; &mdash; &#8594;</p><p>&hellip;</p>`, nil, nil},
		{"numbers and symbols", `<p>{{.N}} × 2 · 3 – 4 (5%) → ⤢ + −</p>`, nil, nil},
		{"markup and code", `<!-- Status --><script>var s = "Status";</script><style>p { color: red }</style>{{/* Status */}}<td class="status n" data-x="Status">{{.S}}</td>`, nil, nil},
		{"unquoted attributes", `<td class=x title=Status>1</td>`, nil, []string{"title: Status"}},
		{"allowed", `<title>{{.Title}} · trucewatch</title><a href="x.pdf">PDF</a> <a>PDF file</a>`, []string{"trucewatch", "PDF"}, []string{"text: PDF file"}},
	} {
		got, err := Literals(c.name+".html", c.text, c.allow)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var short []string
		for _, l := range got {
			short = append(short, l.Where+": "+l.Text)
		}
		if !slices.Equal(short, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, short, c.want)
		}
	}
	got, err := Literals("lines.html", "{{define \"a\"}}\n<p>{{t \"x\"}}</p>\n{{end}}\n<p>\n{{t \"y\"}} Here</p>", nil)
	if err != nil || len(got) != 1 || got[0].Line != 5 || got[0].Template != "lines.html" {
		t.Errorf("line: %v %v, want lines.html line 5", got, err)
	}
	if _, err := Literals("broken.html", "{{if .X}}<p>", nil); err == nil {
		t.Error("a template that does not parse: no error")
	}
}

func TestVisibleText(t *testing.T) {
	page := `<html lang="uk"><head><title>Звіт · trucewatch</title><style>p{color:red}</style><script>var x = "Status";</script></head>
<body><nav><a lang="en" href="?lang=en">English</a> <span lang="uk">Українська</span></nav><blockquote lang="en">Drones hit <b>a depot</b><br>at night</blockquote><p class="Status" title="Статус">День <code>bbox: want four numbers</code> &amp; <span data-label="Reason">Причина</span></p><input placeholder="місто"></body></html>`
	var words []string
	for _, s := range VisibleText(page) {
		words = append(words, LatinWords(s, []string{"trucewatch"})...)
	}
	if !slices.Equal(words, []string{"Reason"}) {
		t.Errorf("Latin words: %q, want [Reason]", words)
	}
	if got := LatinWords("Суми, Sumy Oblast — O'Brien’s; a", nil); !slices.Equal(got, []string{"Sumy", "Oblast", "O'Brien’s"}) {
		t.Errorf("LatinWords: %q", got)
	}
}
