// Package password hashes and verifies login passwords with argon2id and
// stores them as PHC strings. It lives in the web layer rather than in
// coaching because it needs golang.org/x/crypto, and the domain packages
// stay standard-library only.
package password
