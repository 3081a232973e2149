package index

// Province returns the province an article is about. (Being written.)
func Province(title, source, body string) string { return "" }
