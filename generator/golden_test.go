package generator

import "flag"

// update rewrites golden files instead of comparing with them:
// go test ./... -update. Every golden test in the package shares it.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")
