module example.com/crosslock

go 1.26
