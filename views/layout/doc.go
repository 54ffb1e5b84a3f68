// Package layout holds the page shell shared by every screen: the document
// head with vendored assets, the role-dependent navigation and flash
// messages.
package layout
