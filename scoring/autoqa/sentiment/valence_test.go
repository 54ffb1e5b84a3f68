package sentiment

import "testing"

func TestValence(t *testing.T) {
	a, err := New("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		word string
		want float64
		ok   bool
	}{{"good", 1.9, true}, {"horrible", -2.5, true}, {"table", 0, false}, {"very", 0, false}} {
		got, ok := a.Valence(c.word)
		if ok != c.ok || got != c.want {
			t.Errorf("Valence(%q) = %v, %v; want %v, %v", c.word, got, ok, c.want, c.ok)
		}
	}
}
