package directives

func vetonly() {}

func f() {
	vetonly() // want "vet: vetonly called"
	vetonly() //nolint:vetlike // silenced by name
	vetonly() //nolint:other // a different analyzer: still reported // want "vet: vetonly called"
	//lint:ignore vetlike reason given
	vetonly()
}
