package password_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/qascore/qascore/coaching"
	"github.com/qascore/qascore/views/password"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/argon2"
)

func TestHashVerify(t *testing.T) {
	h := password.NewHasher(2)
	phc, err := h.Hash("correct horse battery")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(phc, "$argon2id$v=19$m=19456,t=2,p=1$"), phc)

	ok, err := h.Verify("correct horse battery", phc)
	require.NoError(t, err)
	assert.True(t, ok)

	ok, err = h.Verify("correct horse batterz", phc)
	require.NoError(t, err)
	assert.False(t, ok)

	again, err := h.Hash("correct horse battery")
	require.NoError(t, err)
	assert.NotEqual(t, phc, again, "each hash has its own salt")
}

func TestHashLengthRule(t *testing.T) {
	h := password.NewHasher(1)
	tests := []struct {
		name string
		pw   string
		ok   bool
	}{
		{"11 characters", "abcdefghijk", false},
		{"12 characters", "abcdefghijkl", true},
		{"12 Thai characters, 36 bytes", "สวัสดีครับผม", true},
		{"129 characters", strings.Repeat("a", 129), false},
		{"invalid UTF-8", "abcdefghijkl\xff", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.Hash(tt.pw)
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, coaching.ErrInvalid)
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	h := password.NewHasher(1)
	good, err := h.Hash("correct horse battery")
	require.NoError(t, err)
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	tests := map[string]string{
		"empty":             "",
		"bcrypt":            "$2a$10$abcdefghijklmnopqrstuv",
		"argon2i":           "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key,
		"old version":       "$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key,
		"missing field":     "$argon2id$v=19$m=19456,t=2,p=1$" + salt,
		"extra field":       good + "$x",
		"params reordered":  "$argon2id$v=19$t=2,m=19456,p=1$" + salt + "$" + key,
		"param not numeric": "$argon2id$v=19$m=lots,t=2,p=1$" + salt + "$" + key,
		"zero time":         "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key,
		"huge memory":       "$argon2id$v=19$m=4194304,t=2,p=1$" + salt + "$" + key,
		"salt not base64":   "$argon2id$v=19$m=19456,t=2,p=1$!!!!$" + key,
		"padded base64":     "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "==$" + key,
		"short key":         "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$YWJj",
		"no leading dollar": "argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key,
	}
	for name, phc := range tests {
		t.Run(name, func(t *testing.T) {
			ok, err := h.Verify("correct horse battery", phc)
			assert.False(t, ok)
			assert.True(t, errors.Is(err, password.ErrMalformed), "err = %v", err)
		})
	}
}

func TestVerifyOtherParameters(t *testing.T) {
	// A hash made with other (older, weaker) parameters still verifies:
	// the parameters come from the stored string, not the constants, so
	// raising the cost later does not lock anybody out.
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte("correct horse battery"), salt, 1, 8192, 1, 32)
	b64 := base64.RawStdEncoding
	phc := "$argon2id$v=19$m=8192,t=1,p=1$" + b64.EncodeToString(salt) + "$" + b64.EncodeToString(key)
	h := password.NewHasher(1)
	ok, err := h.Verify("correct horse battery", phc)
	require.NoError(t, err)
	assert.True(t, ok)
}

func TestDummyVerifyAndConcurrency(t *testing.T) {
	h := password.NewHasher(2)
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(h.DummyVerify)
	}
	wg.Wait()
}

func TestGenerate(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		pw := password.Generate()
		assert.Len(t, pw, password.GeneratedLen)
		assert.NoError(t, coaching.ValidatePassword(pw))
		assert.NotContains(t, pw, "0")
		assert.NotContains(t, pw, "l")
		assert.False(t, seen[pw], "duplicate generated password")
		seen[pw] = true
	}
}
