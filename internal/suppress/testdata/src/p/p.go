package p

func hit() {}

func plain() {
	hit() // want "hit called"
}

func trailing() {
	hit() //nolint:probe
	hit() //nolint:other // want "hit called"
	hit() //nolint:concurlint // the umbrella name
	hit() //nolint
	hit() //nolint:other,probe // a list
	hit() //nolintx // want "hit called"
}

func ownLine() {
	//nolint:probe
	hit()
	hit() // want "hit called"

	//lint:ignore probe the reason is given
	hit()

	//lint:ignore probe
	hit() // want "hit called"
}

//nolint:probe // the whole function
func wholeFunc() {
	hit()
	if true {
		hit()
	}
}

func afterFunc() {
	hit() // want "hit called"
}

//lint:ignore probe a statement spanning lines is covered whole
func spanning() {
	go func() {
		hit()
	}()
}

func closing() {
	func() {
		hit() // want "hit called"
	}() //nolint:probe
	hit() // want "hit called"
}
