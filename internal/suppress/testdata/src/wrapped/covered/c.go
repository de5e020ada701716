package covered

func hit()     {}
func vetonly() {}

func f() {
	hit()     // no vet diagnostic: probe reports this line itself (its diagnostic is not the tested analyzer's)
	vetonly() // want "vet: vetonly called"
}
