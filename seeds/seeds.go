// Package seeds holds the sample articles that xinwen serves when it has no
// other data. They are embedded, so the binary serves them from anywhere.
package seeds

import "embed"

// FS holds the seed articles as plain-text files (*.txt).
//
//go:embed *.txt
var FS embed.FS
