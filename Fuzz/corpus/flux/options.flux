import "strings"
option task = {name: "x", every: 1h30m, offset: 5m, concurrency: 2}
s = "a ${strings.toUpper(v: "b")} \n"
