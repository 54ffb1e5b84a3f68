package readability

import (
	"unicode"
	"unicode/utf8"
)

// LongSentenceWords is the length above which a sentence counts as long;
// 25 words is the usual plain-language ceiling for one idea per sentence.
const LongSentenceWords = 25

// Sentence is one sentence of an analysed text, located by rune offsets
// [Start, End) so that callers can highlight it as evidence.
type Sentence struct {
	Start, End int
	Words      int
}

// Stats summarises the readability of a text.
type Stats struct {
	Words, Sentences, Syllables, PolysyllableWords int
	// FKGrade is the Flesch–Kincaid grade level,
	// 0.39·words/sentences + 11.8·syllables/words − 15.59 (0 for no words).
	FKGrade float64
	// AvgWordsPerSentence is Words / Sentences (0 for an empty text).
	AvgWordsPerSentence float64
	// LongSentences counts sentences of more than LongSentenceWords words.
	LongSentences int
	// SentenceSpans locates every sentence that has at least one word, in
	// rune offsets; sentences made only of punctuation or emoji are dropped
	// because they carry no readability signal.
	SentenceSpans []Sentence
}

// Analyze computes readability statistics for text. Any input is accepted:
// invalid UTF-8 counts as one rune per bad byte (as range over a string
// does), and scripts without spaces (Thai) count one word per space-free run,
// which keeps the numbers sane without pretending to segment them.
func Analyze(text string) Stats {
	var s Stats
	scan(text, &s, nil, keepAll, nil)
	return s
}

// extra holds what GradeDifficulty needs beyond Stats; it is filled by the
// same scan so that difficulty costs one pass.
type extra struct {
	letters   int // letters and digits in words
	longWords int // words of 7 or more letters
}

// fkGrade is the Flesch–Kincaid grade level formula.
func fkGrade(words, sentences, syllables int) float64 {
	if words == 0 || sentences == 0 {
		return 0
	}
	return 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59
}

// asciiLetter marks the bytes A-Z and a-z.
var asciiLetter = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	return t
}()

// isWordRune reports whether r can be part of a word. Marks are included so
// that combining accents (Vietnamese, Thai vowel signs) stay inside words.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

func isNewline(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085'
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || unicode.IsSpace(r) }

// isCloser reports runes that belong to the sentence they follow: closing
// quotes and brackets after a full stop.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '}', '»', '›', '」', '』':
		return true
	}
	return false
}

// isTerminator reports sentence-ending punctuation, including the fullwidth
// and Armenian forms so that other scripts split too.
func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', '։', '؟', '।':
		return true
	}
	return false
}

// stackSpans is how many sentences scan collects without a heap buffer; the
// spans Analyze returns are copied into one exactly-sized slice.
const stackSpans = 32

// Which sentence spans scan keeps in Stats.SentenceSpans.
const (
	keepNone = iota // GradeDifficulty needs the counts alone
	keepAll         // Analyze and AnalyzeAll
	keepLong        // AnalyzeAllLong: only sentences over LongSentenceWords
)

// scan is the single pass behind Analyze and GradeDifficulty. It walks the
// text once, tracking byte and rune positions together so that spans are
// rune offsets without materialising a []rune. keep says which spans are
// kept. When ph is not nil,
// scan also appends every word to it exactly as tokenize would, so that
// AnalyzeAll finds phrases without a second pass.
func scan(text string, s *Stats, ex *extra, keep int, ph *scratch) {
	brk := false // a phrase break since the last word (see tokenize)
	var (
		runeIdx    int
		sentStart  = -1 // rune offset of the first non-space rune of the sentence
		sentWords  int
		lastEnd    int // rune offset just after the last non-space rune
		prevWordB0 = -1
		prevWordB1 = -1 // byte range of the last word, for abbreviation checks
	)
	var spanBuf [stackSpans]Sentence
	spans := spanBuf[:0]
	// ph's buffers as locals while appending: appending to ph.toks itself
	// would store the slice into the heap (with a write barrier check)
	// for every word.
	var (
		toks  []token
		lower []byte
	)
	if ph != nil {
		toks, lower = ph.toks, ph.lower
	}
	nSent := 0
	emit := func(end int) {
		if sentWords > 0 && sentStart >= 0 && end > sentStart {
			nSent++
			if keep == keepAll || keep == keepLong && sentWords > LongSentenceWords {
				spans = append(spans, Sentence{Start: sentStart, End: end, Words: sentWords})
			}
			if sentWords > LongSentenceWords {
				s.LongSentences++
			}
		}
		sentStart, sentWords = -1, 0
	}

	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		} else if r == ' ' {
			// The commonest byte between words; the cases below would
			// only reach isSpace for it.
			i++
			runeIdx++
			continue
		}
		switch {
		case isWordRune(r):
			if sentStart < 0 {
				sentStart = runeIdx
			}
			// Consume one word: letters/digits, apostrophes inside words
			// (don't, customer’s) and . or , between digits (3.5, 1,000).
			b0, r0 := i, runeIdx
			// plain: the word so far is ASCII letters only, lower-cased
			// into low, so its syllables need no second decoding pass.
			// Most words of an English transcript are nothing else, so a
			// tight loop takes those letters first.
			var low [maxWord]byte
			for i < len(text) && i-b0 < maxWord && asciiLetter[text[i]] {
				low[i-b0] = text[i] | 0x20 // lower case
				i++
			}
			letters := i - b0
			runeIdx += letters
			plain := true
			// Anything else the word goes on with (digits, other scripts,
			// apostrophes, a 41st letter) makes it not plain.
			for i < len(text) {
				c, sz := rune(text[i]), 1
				if c >= utf8.RuneSelf {
					c, sz = utf8.DecodeRuneInString(text[i:])
				}
				if isWordRune(c) {
					plain = false
					if c < utf8.RuneSelf || !unicode.IsMark(c) {
						letters++
					}
					i += sz
					runeIdx++
					continue
				}
				// The word's last rune was a digit exactly when its last
				// byte is one: a multi-byte rune never ends in an ASCII byte.
				if (isApostrophe(c) || ((c == '.' || c == ',') && isDigit(rune(text[i-1])))) && i+sz < len(text) {
					n, _ := utf8.DecodeRuneInString(text[i+sz:])
					if isApostrophe(c) && isWordRune(n) && !isDigit(n) || !isApostrophe(c) && isDigit(n) {
						plain = false
						i += sz
						runeIdx++
						continue
					}
				}
				break
			}
			var syl int
			if plain && letters < maxWord {
				// Same as Syllables for a word of plain ASCII letters.
				syl = max(1, count(low[:letters]))
			} else {
				syl = Syllables(text[b0:i])
			}
			s.Words++
			s.Syllables += syl
			if syl >= 3 {
				s.PolysyllableWords++
			}
			if ex != nil {
				ex.letters += letters
				if letters >= 7 {
					ex.longWords++
				}
			}
			sentWords++
			lastEnd = runeIdx
			prevWordB0, prevWordB1 = b0, i
			if ph != nil {
				t := token{b0: len(lower), r0: r0, r1: runeIdx, brk: brk}
				if plain {
					lower = append(lower, low[:letters]...)
				} else {
					lower = appendLowerWord(lower, text[b0:i])
				}
				t.b1 = len(lower)
				toks = append(toks, t)
				brk = false
			}
			continue

		case isTerminator(r):
			brk = true
			if sentStart < 0 {
				sentStart = runeIdx
			}
			// Consume the whole run of terminators (?!, ..., ?!?) and any
			// closing quotes or brackets after it.
			j, jr := i, runeIdx
			dots, strong, ellipsis := 0, false, false
			for j < len(text) {
				c, sz := utf8.DecodeRuneInString(text[j:])
				if !isTerminator(c) {
					break
				}
				switch c {
				case '.':
					dots++
				case '…':
					ellipsis = true
				default:
					strong = true
				}
				j += sz
				jr++
			}
			for j < len(text) {
				c, sz := utf8.DecodeRuneInString(text[j:])
				if !isCloser(c) {
					break
				}
				j += sz
				jr++
			}
			wordBefore := prevWordB1 == i
			brk := boundaryAfter(text, j, strong)
			if brk && !strong {
				if ellipsis || dots >= 2 {
					// An ellipsis ends a sentence only when a capital (or the
					// end of the text) follows: chat writers use "..." as a pause.
					brk = nextStartsUpper(text, j, true)
				} else if dots == 1 && wordBefore {
					brk = !abbreviation(text, prevWordB0, prevWordB1, j)
				}
			}
			i, runeIdx = j, jr
			lastEnd = runeIdx
			if brk {
				emit(runeIdx)
			}
			continue

		case isNewline(r):
			// A blank line always ends a sentence; a single line break ends it
			// unless the next line starts in lower case, which is how
			// hard-wrapped text (pasted from PDFs or e-mail) continues.
			brk = true
			j, jr := i+size, runeIdx+1
			blank := false
			for j < len(text) {
				c, sz := utf8.DecodeRuneInString(text[j:])
				if isNewline(c) {
					if !(r == '\r' && c == '\n' && j == i+size) {
						blank = true
					}
				} else if !isSpace(c) {
					break
				}
				j += sz
				jr++
			}
			if blank || !nextStartsLower(text, j) {
				emit(lastEnd)
			}
			i, runeIdx = j, jr
			continue

		case isSpace(r):
			// Nothing: spaces neither start nor end a sentence.

		default:
			// Other punctuation, symbols and emoji are part of the sentence
			// but are not words.
			if r == ';' || r == ':' {
				brk = true
			}
			if sentStart < 0 {
				sentStart = runeIdx
			}
			lastEnd = runeIdx + 1
		}
		i += size
		runeIdx++
	}
	emit(lastEnd)
	if ph != nil {
		ph.toks, ph.lower = toks, lower
	}

	if keep == keepAll || keep == keepLong && len(spans) > 0 {
		s.SentenceSpans = make([]Sentence, len(spans))
		copy(s.SentenceSpans, spans)
	}
	s.Sentences = nSent
	if s.Words > 0 && s.Sentences == 0 {
		// Cannot happen with the rules above, but keep the ratios finite.
		s.Sentences = 1
	}
	if s.Sentences > 0 {
		s.AvgWordsPerSentence = float64(s.Words) / float64(s.Sentences)
	}
	s.FKGrade = fkGrade(s.Words, s.Sentences, s.Syllables)
}

// boundaryAfter reports whether the text after a terminator run (from byte j)
// allows a sentence break: the end of text, a space, or anything other than a
// letter or digit. Letters straight after a full stop mean a URL, a file name
// or an initialism (example.com, U.S.); after ? or ! an upper-case letter
// still breaks ("Thanks!How"), a lower-case one is a URL query.
func boundaryAfter(text string, j int, strong bool) bool {
	if j >= len(text) {
		return true
	}
	c, _ := utf8.DecodeRuneInString(text[j:])
	if !isWordRune(c) {
		return true
	}
	return strong && unicode.IsUpper(c)
}

// nextStartsUpper reports whether the next word after byte j starts with an
// upper-case letter (or, when endOK, whether the text ends first).
func nextStartsUpper(text string, j int, endOK bool) bool {
	for j < len(text) {
		c, sz := utf8.DecodeRuneInString(text[j:])
		if isWordRune(c) {
			return unicode.IsUpper(c) || !unicode.IsLower(c) && !isDigit(c) && !unicode.IsMark(c)
		}
		if isNewline(c) {
			return true
		}
		j += sz
	}
	return endOK
}

// nextStartsLower reports whether the first non-space rune from byte j is a
// lower-case letter.
func nextStartsLower(text string, j int) bool {
	if j >= len(text) {
		return false
	}
	c, _ := utf8.DecodeRuneInString(text[j:])
	return unicode.IsLower(c)
}

// abbreviation decides whether the full stop after the word text[b0:b1]
// (followed by the text from byte j) is an abbreviation rather than the end
// of a sentence.
func abbreviation(text string, b0, b1, j int) bool {
	var buf [8]byte
	n := b1 - b0
	if n > len(buf) {
		return false
	}
	for k := 0; k < n; k++ {
		c := text[b0+k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[k] = c
	}
	w := string(buf[:n]) // does not escape; the compiler avoids the copy in switch
	switch w {
	case "mr", "mrs", "ms", "dr", "prof", "st", "sr", "mt", "vs", "cf", "approx", "dept", "fig", "ref", "tel", "ext", "acct", "no", "nos", "vol", "ave", "rd", "gen", "gov", "sgt", "capt", "lt", "col", "rev", "hon", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e", "i", "eg", "ie":
		// Titles and reference abbreviations precede a name or number.
		// "No." is only an abbreviation before a number ("No. 5").
		if w == "no" || w == "nos" {
			return nextStartsDigit(text, j)
		}
		if w == "e" || w == "i" {
			// e.g. / i.e.: the "e" or "i" part; "I." alone is a sentence.
			return b0 > 0 && text[b0-1] == '.'
		}
		return true
	case "etc", "inc", "ltd", "co", "corp", "jr", "llc", "plc", "am", "pm":
		// These often end a sentence too: break only before a capital.
		return !nextStartsUpper(text, j, true)
	}
	if n == 1 && b0 > 0 && text[b0-1] == '.' {
		// Last letter of an initialism (U.S., a.m.): e.g. and i.e. never end
		// a sentence, others only before a capital.
		if (w == "g" || w == "e") && b0 >= 3 && (text[b0-2] == 'e' || text[b0-2] == 'i' || text[b0-2] == 'E' || text[b0-2] == 'I') {
			return true
		}
		return !nextStartsUpper(text, j, true)
	}
	if n == 1 && 'A' <= text[b0] && text[b0] <= 'Z' && text[b0] != 'I' {
		// A middle initial: "John F. Kennedy".
		return nextStartsUpper(text, j, false)
	}
	return false
}

func nextStartsDigit(text string, j int) bool {
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	return j < len(text) && '0' <= text[j] && text[j] <= '9'
}

// GradeDifficulty returns a single difficulty score used to order texts;
// higher means harder. It is on the Flesch–Kincaid grade scale:
//
//	GradeDifficulty = FKGrade + 5·(share of words of 7+ letters)
//	                          + 2·(share of sentences over LongSentenceWords words)
//
// Why this and not more: on the 187 clean OneStopEnglish triples FK alone
// orders 98.9 % of within-triple pairs correctly. Average word length,
// polysyllable share, long-word share and long-sentence share were each
// weaker alone (86.8–97.3 %), and weights tuned on half the triples did not
// beat FK on the other half (2-fold cross-validation, three shuffles), so no
// weight was fitted for the score. The two small terms keep the corpus figure
// unchanged and are there for short transcripts, where FK ties easily (one or
// two sentences, few syllables): the share of long words is a lexical signal
// that FK's syllable term misses for words like "throughput", and long
// sentences are what Clarity coaching targets. 0 for a text with no words.
func GradeDifficulty(text string) float64 {
	var s Stats
	var ex extra
	scan(text, &s, &ex, keepNone, nil)
	if s.Words == 0 {
		return 0
	}
	return s.FKGrade + 5*float64(ex.longWords)/float64(s.Words) + 2*float64(s.LongSentences)/float64(s.Sentences)
}
