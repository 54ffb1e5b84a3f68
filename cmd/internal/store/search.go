package store

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQueryWords bounds how many words a search may combine, so one
// request cannot build an arbitrarily large statement.
const maxQueryWords = 8

// searchSQL turns the user's free text into a condition on interactions
// i: every whitespace-separated word must occur in the interaction's turn
// text. User text only ever travels as bound parameters, and inside FTS
// expressions only as quoted strings, so no input is a syntax error.
func (d *DB) searchSQL(query string) (string, []any) {
	words := strings.Fields(cleanParam(query))
	if len(words) == 0 {
		return "", nil
	}
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	if d.dialect == DialectPostgres {
		return postgresSearch(words)
	}
	return sqliteSearch(words)
}

// likeTurns matches a word anywhere in a turn's text; the fallback when
// the index cannot answer.
func likeTurns(op string) string {
	return `EXISTS (SELECT 1 FROM turns t WHERE t.interaction_id = i.id AND t.text ` + op + ` ? ESCAPE '\')`
}

// sqliteSearch uses the trigram FTS5 index: each term is quoted as an
// FTS5 string, which trigram matches as a case-folded substring. Trigrams
// cannot match fewer than three characters, so a short word is joined to
// its neighbour as a phrase ("cảm ơn" is searchable even though "ơn" alone
// is not); a query that is one short word falls back to LIKE over turns.
func sqliteSearch(words []string) (string, []any) {
	var groups []string
	pendingShort := ""
	for _, w := range words {
		short := utf8.RuneCountInString(w) < 3
		switch {
		case pendingShort != "":
			w = pendingShort + " " + w
			pendingShort = ""
		case short && len(groups) > 0:
			groups[len(groups)-1] += " " + w
			continue
		}
		if utf8.RuneCountInString(w) < 3 {
			pendingShort = w
			continue
		}
		groups = append(groups, w)
	}
	var conds []string
	var args []any
	if len(groups) > 0 {
		fts := make([]string, len(groups))
		for i, g := range groups {
			fts[i] = `"` + strings.ReplaceAll(g, `"`, `""`) + `"`
		}
		conds = append(conds, "i.id IN (SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ?)")
		args = append(args, strings.Join(fts, " "))
	}
	if pendingShort != "" {
		// SQLite's LIKE folds ASCII case only; trying the lower, upper
		// and title-case forms covers short words in other scripts.
		var alts []string
		seen := map[string]bool{}
		for _, v := range []string{pendingShort, strings.ToLower(pendingShort), strings.ToUpper(pendingShort), titleCase(pendingShort)} {
			if seen[v] {
				continue
			}
			seen[v] = true
			alts = append(alts, "t.text LIKE ? ESCAPE '\\'")
			args = append(args, "%"+escapeLike(v)+"%")
		}
		conds = append(conds, "EXISTS (SELECT 1 FROM turns t WHERE t.interaction_id = i.id AND ("+strings.Join(alts, " OR ")+"))")
	}
	return strings.Join(conds, " AND "), args
}

// titleCase upper-cases the first letter and lower-cases the rest.
func titleCase(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + strings.ToLower(w[n:])
}

// postgresSearch matches each word's letter runs as tsvector prefixes
// ('simple' configuration, so no stemming across languages). Words in
// scripts written without spaces (Thai, Lao, Khmer, Burmese, CJK), and
// words with no letters at all, fall back to ILIKE over turns: the
// tsvector holds whole runs of such text as single tokens, so a word
// inside a run could never match.
func postgresSearch(words []string) (string, []any) {
	var conds []string
	var args []any
	for _, w := range words {
		lex := lexemes(w)
		if len(lex) == 0 || noSpaceScript(w) {
			conds = append(conds, likeTurns("ILIKE"))
			args = append(args, "%"+escapeLike(w)+"%")
			continue
		}
		for _, l := range lex {
			// l holds only letters, marks and digits, so appending the
			// prefix operator cannot produce tsquery syntax errors.
			conds = append(conds, "i.search @@ to_tsquery('simple', ?)")
			args = append(args, l+":*")
		}
	}
	return strings.Join(conds, " AND "), args
}

// lexemes splits a word into runs of letters, marks and digits.
func lexemes(w string) []string {
	return strings.FieldsFunc(w, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
}

// noSpaceScript reports whether w contains a script usually written
// without spaces between words.
func noSpaceScript(w string) bool {
	for _, r := range w {
		if unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
			unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}

// cleanParam makes user text safe to bind on every dialect: PostgreSQL
// rejects NUL bytes and invalid UTF-8 in text parameters, and neither
// can occur in stored text worth finding.
func cleanParam(s string) string {
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "")
}
