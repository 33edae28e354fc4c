package extract

import (
	"sync"
	"sync/atomic"

	"github.com/trucewatch/trucewatch/internal/stem"
)

// stemCache remembers the stems of the words seen, for every report after:
// news use the same few thousand words again and again, and a Snowball
// stemmer costs a few hundred nanoseconds a word. It is safe for
// concurrent use and bounded: past maxStems words a language's cache
// starts afresh.
type stemCache struct {
	langs map[string]*langStems // fixed at construction: read without locking
}

type langStems struct {
	words atomic.Pointer[sync.Map] // word → stem
	n     atomic.Int64
}

// maxStems bounds each language's cache: some 10 MB at most.
const maxStems = 100_000

func newStemCache(languages []string) *stemCache {
	c := &stemCache{langs: map[string]*langStems{}}
	for _, l := range languages {
		ls := &langStems{}
		ls.words.Store(&sync.Map{})
		c.langs[l] = ls
	}
	return c
}

// stem returns the stem of a normalised word in a language.
func (c *stemCache) stem(language, word string) string {
	ls := c.langs[language]
	if ls == nil {
		return stem.Stem(language, word)
	}
	m := ls.words.Load()
	if s, ok := m.Load(word); ok {
		return s.(string)
	}
	s := stem.Stem(language, word)
	if ls.n.Add(1) > maxStems {
		ls.words.Store(&sync.Map{})
		ls.n.Store(0)
	}
	m.Store(word, s)
	return s
}
