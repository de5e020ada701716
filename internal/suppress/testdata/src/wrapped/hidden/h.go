package hidden

func hit() {}

func f() {
	hit() // want "vet: hit called"
}
