//lint:file-ignore probe this file is exempt

package fileignore

func hit() {}

func f() { hit() }
