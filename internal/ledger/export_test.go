package ledger

// Keep is keep, for the test of two signers racing.
var Keep = (*Log).keep
