package feed

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/trucewatch/trucewatch/internal/reportfile"
)

// prolog matches an XML declaration's encoding attribute.
var prolog = regexp.MustCompile(`^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// ToUTF8 decodes an XML or JSON document to UTF-8. The encoding is, in
// order: a byte-order mark; the XML declaration's encoding; the
// Content-Type's charset; else UTF-8. When the declaration and the
// Content-Type disagree and the bytes are valid UTF-8 while one of them
// says UTF-8, UTF-8 wins (servers add "charset=utf-8" by default; a
// document in windows-1251 is almost never valid UTF-8). An XML
// declaration's encoding is rewritten to UTF-8 so that the parser does
// not decode twice. Bytes that are not valid in the encoding are an
// error naming the offset.
func ToUTF8(body []byte, contentType string) ([]byte, error) {
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		return checkUTF8(body[3:], "UTF-8 (byte-order mark)")
	}
	if bytes.HasPrefix(body, []byte("\xff\xfe")) || bytes.HasPrefix(body, []byte("\xfe\xff")) {
		label := "utf-16le"
		if body[0] == 0xfe {
			label = "utf-16be"
		}
		out, err := decode(body[2:], label)
		if err != nil {
			return nil, err
		}
		return rewriteProlog(out), nil
	}
	var declared, header string
	if m := prolog.FindSubmatch(body[:min(len(body), 512)]); m != nil {
		declared = strings.ToLower(string(m[1]))
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		header = strings.ToLower(strings.Trim(params["charset"], `"' `))
	}
	label := declared
	switch {
	case declared == "" && header == "":
		return checkUTF8(body, "UTF-8 (no encoding declared in the XML declaration or Content-Type)")
	case declared == "":
		label = header
	case header != "" && header != declared && utf8.Valid(body) && (isUTF8(header) || isUTF8(declared)):
		label = "utf-8"
	}
	if isUTF8(label) {
		out, err := checkUTF8(body, "UTF-8 (declared)")
		if err != nil {
			return nil, err
		}
		return rewriteProlog(out), nil
	}
	out, err := decode(body, label)
	if err != nil {
		return nil, err
	}
	return rewriteProlog(out), nil
}

func isUTF8(label string) bool { return label == "utf-8" || label == "utf8" }

func checkUTF8(b []byte, what string) ([]byte, error) {
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("byte %d is not valid %s", reportfile.FirstInvalidUTF8(b), what)
	}
	return b, nil
}

func decode(b []byte, label string) ([]byte, error) {
	r, err := charset.NewReaderLabel(label, bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("encoding %q: %w", label, err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("decoding %s: %w", label, err)
	}
	return out, nil
}

// rewriteProlog makes an XML declaration say UTF-8.
func rewriteProlog(b []byte) []byte {
	m := prolog.FindSubmatchIndex(b[:min(len(b), 512)])
	if m == nil {
		return b
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:m[2]]...)
	out = append(out, "UTF-8"...)
	return append(out, b[m[3]:]...)
}
