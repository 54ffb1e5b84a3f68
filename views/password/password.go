package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/qascore/qascore/coaching"
	"golang.org/x/crypto/argon2"
)

// The argon2id parameters for new hashes, per the security design (OWASP's
// minimum recommendation: 19 MiB, two passes, one lane).
const (
	Memory  uint32 = 19 * 1024 // KiB
	Time    uint32 = 2
	Threads uint8  = 1
	SaltLen        = 16
	KeyLen         = 32
)

// Bounds on parameters read back from a stored hash. A stored PHC string is
// trusted data, but a corrupted or hostile row must not make one login
// allocate gigabytes or spin for minutes.
const (
	maxMemory  = 256 * 1024 // KiB
	maxTime    = 10
	maxThreads = 16
)

// ErrMalformed means a stored hash is not an argon2id PHC string this
// package can read.
var ErrMalformed = errors.New("password: malformed PHC string")

// Hasher hashes and verifies passwords, allowing at most a fixed number of
// argon2 computations at once. Each one holds 19 MiB for tens of
// milliseconds, so without a cap a burst of logins could exhaust memory.
type Hasher struct {
	sem   chan struct{}
	dummy params
}

// NewHasher returns a Hasher running at most maxConcurrent hashes at once
// (values below 1 mean 1).
func NewHasher(maxConcurrent int) *Hasher {
	if maxConcurrent < 1 {
		maxConcurrent = 1
	}
	salt := make([]byte, SaltLen)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails (Go ≥ 1.24)
	return &Hasher{
		sem:   make(chan struct{}, maxConcurrent),
		dummy: params{memory: Memory, time: Time, threads: Threads, salt: salt, key: make([]byte, KeyLen)},
	}
}

func (h *Hasher) acquire() func() {
	h.sem <- struct{}{}
	return func() { <-h.sem }
}

// Hash validates pw against the length rule (coaching.ValidatePassword) and
// returns its argon2id PHC string with a fresh random salt.
func (h *Hasher) Hash(pw string) (string, error) {
	if err := coaching.ValidatePassword(pw); err != nil {
		return "", err
	}
	salt := make([]byte, SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	release := h.acquire()
	key := argon2.IDKey([]byte(pw), salt, Time, Memory, Threads, KeyLen)
	release()
	p := params{memory: Memory, time: Time, threads: Threads, salt: salt, key: key}
	return p.String(), nil
}

// Verify reports whether pw matches the PHC string phc, comparing in
// constant time. A malformed phc is an error wrapping ErrMalformed, never a
// match.
func (h *Hasher) Verify(pw, phc string) (bool, error) {
	p, err := parse(phc)
	if err != nil {
		return false, err
	}
	release := h.acquire()
	key := argon2.IDKey([]byte(pw), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	release()
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

// DummyVerify spends the same time and memory as Verify of a real account,
// so the response time of a login for an unknown email does not reveal
// whether the account exists.
func (h *Hasher) DummyVerify() {
	release := h.acquire()
	key := argon2.IDKey([]byte("not a real password"), h.dummy.salt, h.dummy.time, h.dummy.memory, h.dummy.threads, KeyLen)
	release()
	_ = subtle.ConstantTimeCompare(key, h.dummy.key)
}

// params is a decoded PHC string.
type params struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// String encodes p as $argon2id$v=19$m=…,t=…,p=…$salt$hash with unpadded
// standard base64, the PHC convention other argon2 tools read.
func (p params) String() string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(p.salt), b64.EncodeToString(p.key))
}

// parse decodes an argon2id PHC string, rejecting anything unexpected
// rather than guessing.
func parse(phc string) (params, error) {
	var p params
	bad := func(why string) (params, error) { return params{}, fmt.Errorf("%w: %s", ErrMalformed, why) }
	parts := strings.Split(phc, "$")
	// "" argon2id v=19 m=…,t=…,p=… salt hash
	if len(parts) != 6 || parts[0] != "" {
		return bad("want 5 $-separated fields")
	}
	if parts[1] != "argon2id" {
		return bad("algorithm is not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("unsupported version")
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return bad("want m, t and p parameters")
	}
	for i, name := range []string{"m", "t", "p"} {
		k, v, ok := strings.Cut(kv[i], "=")
		if !ok || k != name {
			return bad("want parameters in the order m, t, p")
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 {
			return bad("parameter " + name + " is not a positive integer")
		}
		switch name {
		case "m":
			if n > maxMemory || n < 8 {
				return bad("memory out of range")
			}
			p.memory = uint32(n)
		case "t":
			if n > maxTime {
				return bad("time out of range")
			}
			p.time = uint32(n)
		case "p":
			if n > maxThreads {
				return bad("parallelism out of range")
			}
			p.threads = uint8(n)
		}
	}
	var err error
	if p.salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil || len(p.salt) < 8 {
		return bad("salt is not base64 of at least 8 bytes")
	}
	if p.key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil || len(p.key) < 16 || len(p.key) > 64 {
		return bad("hash is not base64 of 16–64 bytes")
	}
	return p, nil
}

// generateAlphabet leaves out look-alike characters (0/O, 1/l/I) because a
// generated password is read off a screen and typed by a person.
const generateAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratedLen is the length of passwords made by Generate: about 117 bits
// of entropy, well above the 12-character minimum.
const GeneratedLen = 20

// Generate returns a random password of GeneratedLen characters, for new
// accounts created without one.
func Generate() string {
	b := make([]byte, GeneratedLen)
	limit := big.NewInt(int64(len(generateAlphabet)))
	for i := range b {
		// rand.Int draws uniformly, so no character is more likely than
		// another (a plain byte modulo would be biased).
		n, err := rand.Int(rand.Reader, limit)
		if err != nil {
			panic("password: crypto/rand failed: " + err.Error())
		}
		b[i] = generateAlphabet[n.Int64()]
	}
	return string(b)
}
