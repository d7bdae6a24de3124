option task = {name: "c", cron: "0 */2 * * 1-5"}
x = 1.5e3 + 0x2 * 2020-01-01T00:00:00Z
