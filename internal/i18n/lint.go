package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"text/template/parse"
	"unicode"

	"golang.org/x/net/html"
)

// The template lint: every word a page shows comes from a catalogue, so a
// template writes no words of its own. Literals finds the ones it does
// write (outside {{…}} actions: the text of elements and the attributes
// a reader sees or hears), for the packages' tests (internal/web,
// internal/dailyreport) to fail on. docs/web.md, "Languages", says how to
// add a string instead.

// Literal is a word or phrase a template writes as it is.
type Literal struct {
	Template string // the template's name: the file's, or a {{define}}'s
	Line     int    // the line in the file, from 1
	Where    string // "text", an attribute's name, or "action" (a string constant printed)
	Text     string // the literal text, trimmed
}

func (l Literal) String() string {
	return fmt.Sprintf("%s:%d: %s %q", l.Template, l.Line, l.Where, l.Text)
}

// visibleAttrs are the attributes whose values a reader sees (a tooltip,
// a placeholder, a card's label) or a screen reader reads out. A
// button's value is not among them: it is what the form sends, its
// content is what it shows; an <input type="submit">'s value is (see
// visible).
var visibleAttrs = map[string]bool{"title": true, "alt": true, "aria-label": true, "aria-description": true,
	"aria-placeholder": true, "aria-roledescription": true, "aria-valuetext": true, "placeholder": true, "label": true, "data-label": true}

// hole stands for an action in the template's text: a private-use
// character, no letter, that the HTML tokenizer takes as text.
const hole = "\uE000"

// Literals lists the literal words of a template file (html/template or
// text/template syntax, HTML output): text outside actions, tags,
// comments, <script> and <style>; the values of visibleAttrs and of
// submit and button inputs; and string constants an action prints
// ({{"Status"}}, {{print "Status"}}). Entities are read as the characters
// they stand for; numbers, punctuation and symbols are no words. A
// literal whose words are all in allow (phrases matched as written:
// names that are not translated) is left out.
func Literals(name, text string, allow []string) ([]Literal, error) {
	t := parse.New(name)
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(text, "{{", "}}", trees); err != nil {
		return nil, fmt.Errorf("i18n: lint %s: %w", name, err)
	}
	names := make([]string, 0, len(trees))
	for n := range trees {
		names = append(names, n)
	}
	sort.Strings(names)
	line := func(pos int) int { return 1 + strings.Count(text[:min(max(pos, 0), len(text))], "\n") }
	var out []Literal
	add := func(tmpl string, pos int, where, s string) {
		s = strings.TrimSpace(strings.ReplaceAll(s, hole, " "))
		if hasWords(s, allow) {
			out = append(out, Literal{Template: tmpl, Line: line(pos), Where: where, Text: s})
		}
	}
	for _, n := range names {
		tr := trees[n]
		if tr.Root == nil {
			continue
		}
		var l linear
		l.walk(tr.Root, func(pos int, s string) { add(tr.Name, pos, "action", s) })
		l.scan(func(pos int, where, s string) { add(tr.Name, pos, where, s) })
	}
	return out, nil
}

// linear is a template's text with its actions as holes, and where each
// piece of text came from in the file.
type linear struct {
	b    strings.Builder
	segs []segment
}

type segment struct{ at, pos int } // offset in b, offset in the file

func (l *linear) text(pos int, s string) {
	l.segs = append(l.segs, segment{l.b.Len(), pos})
	l.b.WriteString(s)
}

func (l *linear) hole(pos int) { l.text(pos, hole) }

// pos is the file offset of offset at of the linear text.
func (l *linear) pos(at int) int {
	i := sort.Search(len(l.segs), func(i int) bool { return l.segs[i].at > at }) - 1
	if i < 0 {
		return 0
	}
	return l.segs[i].pos + at - l.segs[i].at
}

// walk writes the tree's text, both branches of an if, range or with
// one after the other, each action a hole; printed string constants go
// to constant.
func (l *linear) walk(n parse.Node, constant func(pos int, s string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, x := range n.Nodes {
			l.walk(x, constant)
		}
	case *parse.TextNode:
		l.text(int(n.Pos), string(n.Text))
	case *parse.ActionNode:
		if n.Pipe != nil && len(n.Pipe.Decl) == 0 {
			for _, s := range printedStrings(n.Pipe) {
				constant(int(n.Pos), s)
			}
		}
		l.hole(int(n.Pos))
	case *parse.IfNode:
		l.branch(&n.BranchNode, constant)
	case *parse.RangeNode:
		l.branch(&n.BranchNode, constant)
	case *parse.WithNode:
		l.branch(&n.BranchNode, constant)
	default: // template, break, continue, comment
		l.hole(int(n.Position()))
	}
}

func (l *linear) branch(b *parse.BranchNode, constant func(int, string)) {
	l.hole(int(b.Pos))
	l.walk(b.List, constant)
	l.hole(int(b.Pos))
	if b.ElseList != nil {
		l.walk(b.ElseList, constant)
		l.hole(int(b.Pos))
	}
}

// printedStrings are the string constants a pipeline prints as they are:
// {{"x"}}, and print's, println's and printf's arguments (printf's format
// without its verbs). The arguments of other functions (t's keys, eq's
// values) are not printed.
func printedStrings(p *parse.PipeNode) []string {
	if len(p.Cmds) == 0 {
		return nil
	}
	var out []string
	for _, c := range p.Cmds {
		if len(c.Args) == 0 {
			continue
		}
		switch first := c.Args[0].(type) {
		case *parse.StringNode:
			if len(c.Args) == 1 {
				out = append(out, first.Text)
			}
		case *parse.IdentifierNode:
			switch first.Ident {
			case "print", "println", "printf":
				for i, a := range c.Args[1:] {
					if s, ok := a.(*parse.StringNode); ok {
						if i == 0 && first.Ident == "printf" {
							out = append(out, printfVerb.ReplaceAllString(s.Text, " "))
						} else {
							out = append(out, s.Text)
						}
					}
				}
			}
		}
	}
	// Only what the last command gives is printed; an earlier command's
	// constant is an argument of the next ({{"x" | t}}).
	last := p.Cmds[len(p.Cmds)-1]
	if len(p.Cmds) > 1 && len(last.Args) > 0 {
		if id, ok := last.Args[0].(*parse.IdentifierNode); ok && id.Ident != "print" && id.Ident != "println" && id.Ident != "printf" && id.Ident != "html" {
			return nil
		}
	}
	return out
}

// printfVerb is a printf verb: %s, %[2]d, %.1f.
var printfVerb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// scan reads the linear text as HTML and gives each piece of it that a
// reader sees: text, and the visible attributes' values.
func (l *linear) scan(found func(pos int, where, s string)) {
	src := l.b.String()
	z := html.NewTokenizer(strings.NewReader(src))
	at, skip := 0, ""
	for {
		tt := z.Next()
		raw := len(z.Raw())
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			if skip == "" {
				// The line of its first letter, not of the line break before it.
				off := max(0, strings.IndexFunc(string(z.Raw()), unicode.IsLetter))
				found(l.pos(at+off), "text", string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tt == html.StartTagToken && (tok.Data == "script" || tok.Data == "style") {
				skip = tok.Data
			}
			inputType := ""
			for _, a := range tok.Attr {
				if a.Key == "type" {
					inputType = strings.ToLower(a.Val)
				}
			}
			for _, a := range tok.Attr {
				if visibleAttrs[a.Key] || (a.Key == "value" && tok.Data == "input" && (inputType == "submit" || inputType == "button" || inputType == "reset")) {
					found(l.pos(at), a.Key, a.Val)
				}
			}
		case html.EndTagToken:
			if tok := z.Token(); tok.Data == skip {
				skip = ""
			}
		}
		at += raw
	}
}

// hasWords says whether s has a letter (of any script) outside the
// allowed phrases.
func hasWords(s string, allow []string) bool {
	for _, a := range allow {
		s = strings.ReplaceAll(s, a, " ")
	}
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// VisibleText is the text an HTML page shows a reader in the page's
// language: each text node outside <script>, <style> and <code>
// (commands, IDs and technical detail, written as typed) and outside
// elements marked as in another language (lang="en" on a quoted report,
// on the language switcher's names), and each value of the attributes a
// reader sees or hears (title, placeholder, data-label, aria-label…),
// entities read. The render tests look for English in it.
func VisibleText(page string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(page))
	pageLang := ""
	var skip []string // the open elements whose text is not the page's: their tags
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if len(skip) == 0 {
				out = append(out, string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			lang, hasLang := "", false
			for _, a := range tok.Attr {
				if a.Key == "lang" {
					lang, hasLang = a.Val, true
				}
			}
			if tok.Data == "html" {
				pageLang = lang
			}
			other := tok.Data == "script" || tok.Data == "style" || tok.Data == "code" || (hasLang && tok.Data != "html" && lang != pageLang)
			if len(skip) > 0 || other {
				if tt == html.StartTagToken && !voidElements[tok.Data] {
					skip = append(skip, tok.Data)
				}
				continue
			}
			for _, a := range tok.Attr {
				if visibleAttrs[a.Key] {
					out = append(out, a.Val)
				}
			}
		case html.EndTagToken:
			if tok := z.Token(); len(skip) > 0 && skip[len(skip)-1] == tok.Data {
				skip = skip[:len(skip)-1]
			}
		}
	}
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// latinWord is a word in the Latin script, two letters or more.
var latinWord = regexp.MustCompile(`\p{Latin}[\p{Latin}'’-]*\p{Latin}`)

// LatinWords are the words of s in the Latin script that allow does not
// name (as whole words): in a page in Ukrainian or Russian, whose
// catalogues are Cyrillic, each is English left untranslated, or data.
func LatinWords(s string, allow []string) []string {
	var out []string
	for _, w := range latinWord.FindAllString(s, -1) {
		if !slices.Contains(allow, w) {
			out = append(out, w)
		}
	}
	return out
}
