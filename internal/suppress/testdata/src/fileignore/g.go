package fileignore

func g() { hit() } // want "hit called"
